#include "crypto/verification.hpp"

namespace cvdd::crypto {

std::string_view signatureStatusName(SignatureStatus status) {
  switch (status) {
    case SignatureStatus::Unsigned:
      return "unsigned";
    case SignatureStatus::Good:
      return "good";
    case SignatureStatus::Bad:
      return "bad";
    case SignatureStatus::UnknownKey:
      return "unknown-key";
    case SignatureStatus::ExpiredKey:
      return "expired-key";
    case SignatureStatus::RevokedKey:
      return "revoked-key";
    case SignatureStatus::Error:
      return "error";
  }
  return "error";
}

}  // namespace cvdd::crypto
