#include "crypto/open_message.hpp"

namespace cvdd::crypto {

namespace {

using parsers::PgpKind;

/// The inner message of a PGP/MIME encrypted one has only content headers (or protected
/// headers, draft-autocrypt): the envelope comes from outside.
void inheritEnvelope(parsers::ParsedMessage& inner, const parsers::ParsedMessage& outer) {
  if (inner.from.empty()) inner.from = outer.from;
  if (inner.to.empty()) inner.to = outer.to;
  if (inner.replyTo.empty()) inner.replyTo = outer.replyTo;
  // The outer Subject may be a placeholder ("..." or "[CVD#…]") when headers are protected.
  if (inner.subject.empty()) {
    inner.subject = outer.subject;
    inner.rawSubject = outer.rawSubject;
  }
  inner.messageId = outer.messageId;  // the transport's identity of the message
  if (inner.inReplyTo.empty()) inner.inReplyTo = outer.inReplyTo;
  if (inner.references.empty()) inner.references = outer.references;
  if (inner.date.empty()) inner.date = outer.date;
  if (inner.autoSubmitted.empty()) inner.autoSubmitted = outer.autoSubmitted;
}

Verification noSmime() {
  return Verification{SignatureStatus::Error, {}, {}, std::nullopt,
                      "S/MIME signature, but gpgsm is not available"};
}

/// Verifies whatever signature structure an (inner or outer) analysis holds.
Verification verifyStructure(const parsers::MessageAnalysis& analysis, Keyring& keyring,
                             SmimeKeyring* smime, std::string* cleartext,
                             std::vector<std::string>& steps) {
  const auto& pgp = analysis.pgp;
  if (pgp.kind == PgpKind::SmimeSigned) {
    if (pgp.missingPart) {
      steps.push_back("S/MIME multipart/signed at part " + pgp.path + " lacks its signature part");
      return Verification{
          SignatureStatus::Bad, {}, {}, std::nullopt, "multipart/signed without a signature part"};
    }
    if (smime == nullptr) return noSmime();
    steps.push_back("verified the S/MIME detached signature over part " + pgp.path);
    return smime->verifyDetached(pgp.signedBytes, pgp.signature);
  }
  if (pgp.kind == PgpKind::PgpMimeSigned) {
    if (pgp.missingPart) {
      steps.push_back("multipart/signed at part " + pgp.path + " lacks its signature part");
      return Verification{
          SignatureStatus::Bad, {}, {}, std::nullopt, "multipart/signed without a signature part"};
    }
    steps.push_back("verified the detached signature over part " + pgp.path);
    return keyring.verifyDetached(pgp.signedBytes, pgp.signature);
  }
  if (pgp.kind == PgpKind::InlineSigned) {
    steps.push_back("verified the inline cleartext signature in part " + pgp.path);
    return keyring.verifyCleartext(pgp.armoredText, cleartext);
  }
  return Verification{};
}

}  // namespace

OpenedMessage analyseOnly(std::string_view raw, const parsers::Limits& limits) {
  OpenedMessage opened;
  opened.outer = parsers::analyzeMessage(raw, limits);
  opened.effective = opened.outer;
  opened.decryption.encrypted = opened.outer.pgp.kind == PgpKind::PgpMimeEncrypted ||
                                opened.outer.pgp.kind == PgpKind::InlineEncrypted;
  return opened;
}

namespace {

/// Opaque S/MIME signed-data: what it says is the content inside, analysed as a message
/// of its own under the outer envelope, as a decrypted PGP/MIME message is.
OpenedMessage openOpaqueSigned(OpenedMessage opened, const parsers::Limits& limits,
                               SmimeKeyring* smime) {
  const auto& pgp = opened.outer.pgp;
  if (smime == nullptr) {
    opened.verification = noSmime();
    return opened;
  }
  auto verified = smime->verifyOpaque(pgp.signature);
  if (!verified) {
    opened.verification = {SignatureStatus::Bad, {}, {}, std::nullopt, verified.error().what};
    opened.steps.push_back("S/MIME signed-data at part " + pgp.path +
                           " does not parse: " + verified.error().what);
    return opened;
  }
  opened.steps.push_back("verified the S/MIME signed-data at part " + pgp.path);
  opened.verification = std::move(verified->signature);
  opened.effective = parsers::analyzeMessage(verified->content, limits);
  inheritEnvelope(opened.effective.message, opened.outer.message);
  return opened;
}

}  // namespace

OpenedMessage openMessage(std::string_view raw, const parsers::Limits& limits, Keyring& keyring,
                          SmimeKeyring* smime) {
  OpenedMessage opened = analyseOnly(raw, limits);
  if (!opened.outer.limitHits.empty()) {
    opened.steps.push_back("over a limit: not decrypted, not verified");
    return opened;
  }
  const auto& pgp = opened.outer.pgp;
  if (pgp.kind == PgpKind::PgpMimeSigned && !pgp.missingPart) {
    // A signature around an encrypted part (Thunderbird's outer-pgp-sig-inner-pgp-enc):
    // what counts is the encrypted message; the outer signature says nothing about its
    // content (nobody signs ciphertext they can read) and is ignored.
    auto inner = parsers::analyzeMessage(pgp.signedBytes, limits);
    if (inner.pgp.kind == PgpKind::PgpMimeEncrypted && inner.pgp.path.empty()) {
      OpenedMessage wrapped = openMessage(pgp.signedBytes, limits, keyring, smime);
      inheritEnvelope(wrapped.effective.message, opened.outer.message);
      wrapped.outer = std::move(opened.outer);
      wrapped.steps.insert(wrapped.steps.begin(),
                           "ignored the outer signature: it covers an encrypted part");
      return wrapped;
    }
  }
  if (pgp.kind == PgpKind::SmimeOpaqueSigned) return openOpaqueSigned(std::move(opened), limits, smime);
  if (!opened.decryption.encrypted) {
    std::string cleartext;
    opened.verification = verifyStructure(opened.outer, keyring, smime, &cleartext, opened.steps);
    if (pgp.kind == PgpKind::InlineSigned) {
      // Unsigned text before the signed block (Johnny, "inline2") would be shown as if it
      // were signed: the message as a whole is not what the signer signed.
      const auto& body = opened.outer.message.bodyText;
      const auto begin = body.find("-----BEGIN PGP SIGNED MESSAGE-----");
      if (begin != std::string::npos &&
          body.substr(0, begin).find_first_not_of(" \t\r\n") != std::string::npos) {
        opened.verification.status = SignatureStatus::Bad;
        opened.verification.detail = "unsigned text precedes the signed block";
        opened.steps.push_back("unsigned text before the inline signed block: counted as bad");
      } else if (!cleartext.empty()) {
        opened.effective.message.bodyText = cleartext;
      }
    }
    return opened;
  }

  auto decrypted = keyring.decrypt(pgp.ciphertext);
  if (!decrypted) {
    opened.decryption.error = decrypted.error().what;
    opened.steps.push_back("could not decrypt part " + pgp.path + ": " + decrypted.error().what);
    return opened;
  }
  opened.decryption.decrypted = true;
  opened.steps.push_back("decrypted " + std::string(parsers::pgpKindName(pgp.kind)) + " at part " +
                         pgp.path);
  opened.verification = decrypted->signature;
  if (opened.verification.status != SignatureStatus::Unsigned)
    opened.steps.push_back("verified the signature inside the encrypted data");

  if (pgp.kind == PgpKind::PgpMimeEncrypted) {
    opened.effective = parsers::analyzeMessage(decrypted->plaintext, limits);
    inheritEnvelope(opened.effective.message, opened.outer.message);
    if (opened.verification.status == SignatureStatus::Unsigned) {
      std::string cleartext;
      opened.verification = verifyStructure(opened.effective, keyring, smime, &cleartext, opened.steps);
      if (opened.effective.pgp.kind == PgpKind::InlineSigned && !cleartext.empty())
        opened.effective.message.bodyText = cleartext;
    }
    return opened;
  }
  // Inline: the plaintext is text, possibly cleartext-signed itself.
  opened.effective.message.bodyText = decrypted->plaintext;
  if (opened.verification.status == SignatureStatus::Unsigned &&
      decrypted->plaintext.find("-----BEGIN PGP SIGNED MESSAGE-----") != std::string::npos) {
    std::string cleartext;
    opened.verification = keyring.verifyCleartext(decrypted->plaintext, &cleartext);
    opened.steps.push_back("verified the cleartext signature inside the decrypted text");
    if (!cleartext.empty()) opened.effective.message.bodyText = cleartext;
  }
  return opened;
}

}  // namespace cvdd::crypto
