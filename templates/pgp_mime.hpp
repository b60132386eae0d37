#pragma once
// Outbound PGP/MIME (RFC 3156): multipart/signed, or multipart/encrypted signed inside
// (§6.2), around the text composeMime would send. The cryptography comes in as callbacks, so
// templates/ does not depend on crypto/.

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "templates/outgoing_message.hpp"

namespace cvdd::templates {

/// Signs exactly these bytes; returns the armored detached signature and the micalg
/// parameter ("pgp-sha256").
using DetachedSigner =
    std::function<core::Result<std::pair<std::string /*armored sig*/, std::string /*micalg*/>>(
        std::string_view canonicalBytes)>;
/// Signs and encrypts a complete MIME entity in ONE OpenPGP message (RFC 3156 §6.2: the
/// signature travels inside the encrypted data); returns the armored OpenPGP message.
using SigningEncryptor =
    std::function<core::Result<std::string /*armored*/>(std::string_view plaintextMime)>;
/// Encrypts a complete MIME entity (S/MIME: to a DER CMS enveloped-data object).
using Encryptor = std::function<core::Result<std::string>(std::string_view plaintextMime)>;

/// RFC 3156 multipart/signed: the first part is the text/plain body part (its own MIME
/// headers, CRLF, 7bit-safe transfer encoding — base64/QP, since signed parts must not be
/// re-encoded in transit), the second the detached signature. Outer headers as composeMime.
/// Error: the signer's error, or a signer result that is not an armored signature.
core::Result<std::string> composeSigned(const OutgoingMessage& m, const DetachedSigner& sign);

/// RFC 3156 §6.2 combined signing and encryption: multipart/encrypted whose OpenPGP
/// message, signed and encrypted in one pass by signAndEncrypt, holds the text entity
/// itself — the text/plain part with the protected headers (draft-autocrypt "protected
/// headers": Subject/From/To/Date/Message-ID inside), no multipart/signed around it; the
/// recipient's `gpg --decrypt` reports the signature. The OUTER Subject is only
/// "[<case id>]" taken from the caseTag argument — embargoed text never leaks in a header.
/// Returns the complete message. Error: signAndEncrypt's error, or a result that is not an
/// armored OpenPGP message.
core::Result<std::string> composeSignedEncrypted(const OutgoingMessage& m, std::string_view caseTag,
                                                 const SigningEncryptor& signAndEncrypt);

/// RFC 8551 application/pkcs7-mime; smime-type=enveloped-data: the same inner entity as
/// composeSignedEncrypted (PGP/MIME-signed when sign is given, else the bare text part,
/// with protected headers) encrypted by encryptDer into a DER CMS object, base64 in a
/// single-part message whose Subject is only "[<case id>]". Error: the signer's or
/// encryptor's error, or an encryptor result that is not DER.
core::Result<std::string> composeSmimeEncrypted(const OutgoingMessage& m, std::string_view caseTag,
                                                const DetachedSigner* sign,
                                                const Encryptor& encryptDer);

}  // namespace cvdd::templates
