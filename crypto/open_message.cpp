#include "crypto/open_message.hpp"

#include <optional>
#include <utility>

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
  return Verification{
      SignatureStatus::Error, {}, {}, std::nullopt, "S/MIME signature, but gpgsm is not available"};
}

/// Content outside what was signed or decrypted; the first place found is kept.
void noteUncovered(OpenedMessage& opened, const parsers::PgpStructure& pgp) {
  if (pgp.partial && opened.uncovered.empty())
    opened.uncovered = pgp.uncovered.empty() ? std::string("part of the message") : pgp.uncovered;
}

/// Verifies whatever signature structure an (inner or outer) analysis holds, and reads the
/// effective body from what the signature is over: the signed part of PGP/MIME or S/MIME
/// multipart/signed (all its inline text parts), the signed text of an inline signature.
/// signedPart: the analysis of the signed part, when the caller already made it.
Verification verifyStructure(OpenedMessage& opened, const parsers::MessageAnalysis& analysis,
                             const parsers::Limits& limits, Keyring& keyring, SmimeKeyring* smime,
                             std::optional<parsers::MessageAnalysis> signedPart = std::nullopt) {
  const auto& pgp = analysis.pgp;
  auto& steps = opened.steps;
  if (pgp.kind == PgpKind::SmimeSigned) {
    if (pgp.missingPart) {
      steps.push_back("S/MIME multipart/signed at part " + pgp.path + " lacks its signature part");
      return Verification{
          SignatureStatus::Bad, {}, {}, std::nullopt, "multipart/signed without a signature part"};
    }
    if (smime == nullptr) return noSmime();
    steps.push_back("verified the S/MIME detached signature over part " + pgp.path);
    Verification verification = smime->verifyDetached(pgp.signedBytes, pgp.signature);
    if (!signedPart) signedPart = parsers::analyzeMessage(pgp.signedBytes, limits);
    opened.effective.message.bodyText = std::move(signedPart->message.bodyText);
    opened.effective.message.bodyCharset = std::move(signedPart->message.bodyCharset);
    noteUncovered(opened, pgp);
    return verification;
  }
  if (pgp.kind == PgpKind::PgpMimeSigned) {
    if (pgp.missingPart) {
      steps.push_back("multipart/signed at part " + pgp.path + " lacks its signature part");
      return Verification{
          SignatureStatus::Bad, {}, {}, std::nullopt, "multipart/signed without a signature part"};
    }
    steps.push_back("verified the detached signature over part " + pgp.path);
    Verification verification = keyring.verifyDetached(pgp.signedBytes, pgp.signature);
    if (!signedPart) signedPart = parsers::analyzeMessage(pgp.signedBytes, limits);
    // Only signed content counts: a text beside the signed part (a forged reply form)
    // is not read as the signer's.
    opened.effective.message.bodyText = std::move(signedPart->message.bodyText);
    opened.effective.message.bodyCharset = std::move(signedPart->message.bodyCharset);
    noteUncovered(opened, pgp);
    return verification;
  }
  if (pgp.kind == PgpKind::InlineSigned) {
    steps.push_back("verified the inline cleartext signature in part " + pgp.path);
    std::string cleartext;
    Verification verification = keyring.verifyCleartext(pgp.armoredText, &cleartext);
    if (!cleartext.empty()) opened.effective.message.bodyText = std::move(cleartext);
    noteUncovered(opened, pgp);
    return verification;
  }
  return Verification{};
}

/// openMessage short of settling the coverage.
OpenedMessage openLayers(std::string_view raw, const parsers::Limits& limits, Keyring& keyring,
                         SmimeKeyring* smime);

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
  noteUncovered(opened, pgp);
  return opened;
}

OpenedMessage openLayers(std::string_view raw, const parsers::Limits& limits, Keyring& keyring,
                         SmimeKeyring* smime) {
  OpenedMessage opened = analyseOnly(raw, limits);
  if (!opened.outer.limitHits.empty()) {
    opened.steps.push_back("over a limit: not decrypted, not verified");
    return opened;
  }
  const auto& pgp = opened.outer.pgp;
  std::optional<parsers::MessageAnalysis> signedPart;
  if (pgp.kind == PgpKind::PgpMimeSigned && !pgp.missingPart) {
    // A signature around an encrypted part (Thunderbird's outer-pgp-sig-inner-pgp-enc):
    // what counts is the encrypted message; the outer signature says nothing about its
    // content (nobody signs ciphertext they can read) and is ignored.
    signedPart = parsers::analyzeMessage(pgp.signedBytes, limits);
    if (signedPart->pgp.kind == PgpKind::PgpMimeEncrypted && signedPart->pgp.path.empty()) {
      OpenedMessage wrapped = openLayers(pgp.signedBytes, limits, keyring, smime);
      inheritEnvelope(wrapped.effective.message, opened.outer.message);
      // Content beside the outer multipart/signed is neither encrypted nor signed.
      noteUncovered(wrapped, pgp);
      wrapped.outer = std::move(opened.outer);
      wrapped.steps.insert(wrapped.steps.begin(),
                           "ignored the outer signature: it covers an encrypted part");
      return wrapped;
    }
  }
  if (pgp.kind == PgpKind::SmimeOpaqueSigned)
    return openOpaqueSigned(std::move(opened), limits, smime);
  if (!opened.decryption.encrypted) {
    opened.verification =
        verifyStructure(opened, opened.outer, limits, keyring, smime, std::move(signedPart));
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
  const bool signedInside = opened.verification.status != SignatureStatus::Unsigned;
  if (signedInside) opened.steps.push_back("verified the signature inside the encrypted data");
  // Content beside the encrypted part (or around the inline block) is neither encrypted
  // nor signed.
  noteUncovered(opened, pgp);

  if (pgp.kind == PgpKind::PgpMimeEncrypted) {
    opened.effective = parsers::analyzeMessage(decrypted->plaintext, limits);
    inheritEnvelope(opened.effective.message, opened.outer.message);
    if (!signedInside)
      opened.verification = verifyStructure(opened, opened.effective, limits, keyring, smime);
    return opened;
  }
  // Inline: the plaintext is text, possibly cleartext-signed itself.
  opened.effective.message.bodyText = decrypted->plaintext;
  if (!signedInside &&
      decrypted->plaintext.find("-----BEGIN PGP SIGNED MESSAGE-----") != std::string::npos) {
    std::string cleartext;
    opened.verification = keyring.verifyCleartext(decrypted->plaintext, &cleartext);
    opened.steps.push_back("verified the cleartext signature inside the decrypted text");
    if (!cleartext.empty()) opened.effective.message.bodyText = cleartext;
    noteUncovered(opened, parsers::inlinePgpStructure(decrypted->plaintext));
  }
  return opened;
}

}  // namespace

std::string_view signatureCoverageName(SignatureCoverage coverage) {
  switch (coverage) {
    case SignatureCoverage::None:
      return "none";
    case SignatureCoverage::Full:
      return "full";
    case SignatureCoverage::Partial:
      return "partial";
  }
  return "unknown";
}

bool partiallySigned(const OpenedMessage& opened) {
  return opened.verification.status == SignatureStatus::Good &&
         opened.coverage == SignatureCoverage::Partial;
}

OpenedMessage analyseOnly(std::string_view raw, const parsers::Limits& limits) {
  OpenedMessage opened;
  opened.outer = parsers::analyzeMessage(raw, limits);
  opened.effective = opened.outer;
  opened.decryption.encrypted = opened.outer.pgp.kind == PgpKind::PgpMimeEncrypted ||
                                opened.outer.pgp.kind == PgpKind::InlineEncrypted;
  return opened;
}

OpenedMessage openMessage(std::string_view raw, const parsers::Limits& limits, Keyring& keyring,
                          SmimeKeyring* smime) {
  OpenedMessage opened = openLayers(raw, limits, keyring, smime);
  if (opened.verification.status == SignatureStatus::Unsigned) {
    opened.coverage = SignatureCoverage::None;
    opened.uncovered.clear();
    return opened;
  }
  opened.coverage = opened.uncovered.empty() ? SignatureCoverage::Full : SignatureCoverage::Partial;
  if (opened.coverage == SignatureCoverage::Partial)
    opened.steps.push_back("content outside the signature (" + opened.uncovered +
                           "): partially signed; only the signed content is read");
  return opened;
}

}  // namespace cvdd::crypto
