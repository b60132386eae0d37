#include "templates/pgp_mime.hpp"

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <random>

#include "core/time.hpp"
#include "templates/mime_encoding.hpp"

namespace cvdd::templates {

namespace {

using core::Errc;
using core::fail;

constexpr std::string_view kBoundaryAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t kBoundaryRandomChars = 32;  // ~190 bits

// "=_" can occur in neither base64 nor quoted-printable (where "=" starts a hex pair or
// a soft break), so such a boundary cannot collide with an encoded body; the check
// against the content covers the armored parts and any surprise.
std::string randomBoundary(std::initializer_list<std::string_view> contents) {
  std::random_device random;
  std::uniform_int_distribution<std::size_t> pick(0, kBoundaryAlphabet.size() - 1);
  for (;;) {
    std::string boundary = "=_cvdd_";
    for (std::size_t i = 0; i < kBoundaryRandomChars; ++i)
      boundary += kBoundaryAlphabet[pick(random)];
    if (std::none_of(contents.begin(), contents.end(), [&](std::string_view content) {
          return content.find(boundary) != std::string_view::npos;
        })) {
      return boundary;
    }
  }
}

// Every kind of line end to CRLF (armor from GPGME comes with LF).
std::string toCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32 + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

struct EncodedBody {
  std::string encoding;
  std::string bytes;  // CRLF line ends, ending in CRLF
};

// A signed part must reach the verifier byte for byte, so nothing a relay might change
// is left in it: no 8-bit bytes, no long lines, no trailing blanks (quoted-printable
// encodes them), no line starting "From " (mbox quoting) or "." (SMTP dot-stuffing by a
// broken relay) — those bodies go as base64.
EncodedBody encodeSignedBody(std::string_view raw) {
  const std::string text = detail::canonicalText(raw);
  if (detail::isAscii(text)) {
    std::string qp = detail::quotedPrintable(text);
    bool risky = qp.starts_with("From ") || qp.starts_with(".");
    for (std::size_t at = qp.find("\r\n"); !risky && at != std::string::npos;
         at = qp.find("\r\n", at + 2)) {
      const std::string_view next = std::string_view(qp).substr(at + 2);
      risky = next.starts_with("From ") || next.starts_with(".");
    }
    if (!risky) {
      if (!qp.ends_with("\r\n")) qp += "\r\n";
      return {"quoted-printable", std::move(qp)};
    }
  }
  return {"base64", detail::base64Lines(toCrlf(text))};
}

bool isMicalg(std::string_view micalg) {
  return micalg.starts_with("pgp-") && micalg.size() > 4 && micalg.size() < 32 &&
         std::all_of(micalg.begin(), micalg.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

// The same Date outside and inside: composed once.
OutgoingMessage withDate(const OutgoingMessage& m) {
  OutgoingMessage out = m;
  if (out.date.find_first_not_of(" \t\r\n") == std::string::npos) {
    out.date = core::formatRfc5322(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  }
  return out;
}

// The text part that is signed, as it stands in the message or in the encrypted data: its
// own headers (with the protected headers when asked), the body, its final CRLF. In
// multipart/signed the CRLF before the next delimiter belongs to the delimiter (RFC 2046
// §5.1.1), not to the signed bytes.
std::string signedTextPart(const OutgoingMessage& m, bool protectedHeaders) {
  const EncodedBody body = encodeSignedBody(m.bodyText);
  std::string contentHeaders = "Content-Type: text/plain; charset=UTF-8";
  contentHeaders += protectedHeaders ? ";\r\n protected-headers=\"v1\"\r\n" : "\r\n";
  contentHeaders += "Content-Transfer-Encoding: " + body.encoding + "\r\n";
  std::string part;
  if (protectedHeaders) {
    // The headers that matter to the reader, inside the signature and the encryption;
    // Auto-Submitted and the extra headers are for transport and stay outside.
    OutgoingMessage inner = m;
    inner.autoSubmitted.clear();
    inner.extraHeaders.clear();
    part = detail::headerBlock(inner, contentHeaders);
  } else {
    part = contentHeaders;
  }
  part += "\r\n";
  part += body.bytes;
  return part;
}

struct MultipartSigned {
  std::string contentHeaders;  // Content-Type line(s), CRLF-ended
  std::string body;            // preamble, both parts, close delimiter
};

core::Result<MultipartSigned> multipartSigned(const std::string& part, const DetachedSigner& sign) {
  auto signature = sign(part);
  if (!signature) return tl::unexpected(signature.error());
  const std::string armored = toCrlf(signature->first);
  if (!armored.starts_with("-----BEGIN PGP SIGNATURE-----")) {
    return fail(Errc::InvalidConfig, "composeSigned", "the signer returned no armored signature");
  }
  if (!isMicalg(signature->second)) {
    return fail(Errc::InvalidConfig, "composeSigned",
                "the signer returned an invalid micalg: " + signature->second);
  }
  const std::string boundary = randomBoundary({part, armored});
  MultipartSigned out;
  out.contentHeaders = "Content-Type: multipart/signed; micalg=" + signature->second +
                       ";\r\n protocol=\"application/pgp-signature\";\r\n boundary=\"" + boundary +
                       "\"\r\n";
  out.body = "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n";
  out.body += "--" + boundary + "\r\n";
  out.body += part;
  out.body += "\r\n--" + boundary + "\r\n";
  out.body +=
      "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
      "Content-Description: OpenPGP digital signature\r\n"
      "Content-Disposition: attachment; filename=\"signature.asc\"\r\n"
      "\r\n";
  out.body += armored;
  out.body += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace

core::Result<std::string> composeSigned(const OutgoingMessage& m, const DetachedSigner& sign) {
  const OutgoingMessage message = withDate(m);
  auto multipart = multipartSigned(signedTextPart(message, false), sign);
  if (!multipart) return tl::unexpected(multipart.error());
  std::string out =
      detail::headerBlock(message, "MIME-Version: 1.0\r\n" + multipart->contentHeaders);
  out += "\r\n";
  out += multipart->body;
  return out;
}

namespace {

// The entity that travels encrypted: multipart/signed over the text part with protected
// headers, or that text part alone when there is no signer.
core::Result<std::string> protectedEntity(const OutgoingMessage& message,
                                          const DetachedSigner* sign) {
  if (sign == nullptr) return signedTextPart(message, true);
  auto multipart = multipartSigned(signedTextPart(message, true), *sign);
  if (!multipart) return tl::unexpected(multipart.error());
  return multipart->contentHeaders + "\r\n" + multipart->body;
}

// Outside an encrypted message: only what delivery and threading need. The subject names
// the case and nothing else ("..." is the draft's placeholder when there is no case yet).
OutgoingMessage outerOf(const OutgoingMessage& message, std::string_view caseTag) {
  OutgoingMessage outer = message;
  outer.subject = caseTag.empty() ? "..." : "[" + std::string(caseTag) + "]";
  return outer;
}

}  // namespace

core::Result<std::string> composeSmimeEncrypted(const OutgoingMessage& m, std::string_view caseTag,
                                                const DetachedSigner* sign,
                                                const Encryptor& encryptDer) {
  const OutgoingMessage message = withDate(m);
  auto inner = protectedEntity(message, sign);
  if (!inner) return tl::unexpected(inner.error());
  auto der = encryptDer(*inner);
  if (!der) return tl::unexpected(der.error());
  // DER enveloped-data starts with a SEQUENCE; anything else is not what was asked for.
  if (der->empty() || static_cast<unsigned char>(der->front()) != 0x30U)
    return fail(Errc::InvalidConfig, "composeSmimeEncrypted",
                "the encryptor returned no DER CMS object");
  std::string out =
      detail::headerBlock(outerOf(message, caseTag),
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: application/pkcs7-mime; smime-type=enveloped-data;\r\n"
                          " name=\"smime.p7m\"\r\n"
                          "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n");
  out += "\r\n";
  out += detail::base64Lines(*der);
  return out;
}

core::Result<std::string> composeSignedEncrypted(const OutgoingMessage& m, std::string_view caseTag,
                                                 const SigningEncryptor& signAndEncrypt) {
  const OutgoingMessage message = withDate(m);
  // One OpenPGP operation signs and encrypts the text entity (RFC 3156 §6.2): one gpg
  // process per notice instead of a detached signature first and an encryption after.
  auto encrypted = signAndEncrypt(signedTextPart(message, true));
  if (!encrypted) return tl::unexpected(encrypted.error());
  const std::string armored = toCrlf(*encrypted);
  if (!armored.starts_with("-----BEGIN PGP MESSAGE-----")) {
    return fail(Errc::InvalidConfig, "composeSignedEncrypted",
                "the encryptor returned no armored OpenPGP message");
  }

  const std::string boundary = randomBoundary({armored});
  std::string out = detail::headerBlock(outerOf(message, caseTag),
                                        "MIME-Version: 1.0\r\n"
                                        "Content-Type: multipart/encrypted;\r\n"
                                        " protocol=\"application/pgp-encrypted\";\r\n"
                                        " boundary=\"" +
                                            boundary + "\"\r\n");
  out += "\r\n";
  out += "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n";
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: application/pgp-encrypted\r\n"
      "Content-Description: PGP/MIME version identification\r\n"
      "\r\n"
      "Version: 1\r\n"
      "\r\n";
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
      "Content-Description: OpenPGP encrypted message\r\n"
      "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n"
      "\r\n";
  out += armored;
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace cvdd::templates
