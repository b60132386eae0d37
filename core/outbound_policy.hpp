#pragma once
// How an outgoing message must be protected. Pure.

#include <string>

namespace cvdd::core {

enum class Protection {
  Plain,            // no coordinator key configured for signing
  Signed,           // PGP/MIME signed by the coordinator
  SignedEncrypted,  // signed and encrypted to the recipient's registered key, one OpenPGP message
  SmimeEncrypted,   // S/MIME enveloped-data to the recipient's bound X.509 certificate
                    // (inside: PGP/MIME-signed by the coordinator when it can sign)
  Held,             // confidential with no usable key: never sent in clear; operator told
};

struct OutboundFacts {
  bool confidential = false;             // vulnerability details, publication dates, ...
  bool recipientHasKey = false;          // a usable encryption key bound to the recipient's address
  bool canSign = true;                   // a coordinator signing key is available
  bool recipientHasCertificate = false;  // a valid S/MIME certificate bound to the address
};

/// Encrypts whenever the recipient has a key (OpenPGP first, else an S/MIME
/// certificate); holds a confidential message that cannot be
/// encrypted; otherwise signs when it can.
Protection protectionFor(const OutboundFacts& facts);

std::string_view protectionName(Protection protection);

}  // namespace cvdd::core
