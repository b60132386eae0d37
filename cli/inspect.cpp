#include "cli/inspect.hpp"

#include "core/authentication.hpp"
#include "core/intake.hpp"
#include "core/thread_match.hpp"
#include "crypto/open_message.hpp"
#include "daemon/bounce_address.hpp"
#include "daemon/inbound_evidence.hpp"

namespace cvdd::cli {

namespace {

using nlohmann::json;

/// Text that came from the message: replace invalid UTF-8 rather than fail to print it.
json text(std::string_view s) {
  return json::parse(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace));
}

json mailboxes(const std::vector<parsers::Mailbox>& list) {
  json out = json::array();
  for (const auto& m : list)
    out.push_back({{"name", text(m.displayName)}, {"address", text(m.address)}});
  return out;
}

json texts(const std::vector<std::string>& list) {
  json out = json::array();
  for (const auto& s : list) out.push_back(text(s));
  return out;
}

std::string decisionText(const core::IntakeDecision& decision) {
  if (std::holds_alternative<core::OpenCase>(decision)) return "open a new case";
  if (const auto* a = std::get_if<core::AttachToCase>(&decision)) return "attach to " + a->caseId;
  if (const auto* b = std::get_if<core::RecordBounce>(&decision))
    return "record a failed contact attempt on " + b->caseId;
  return "quarantine: " + std::get<core::Quarantine>(decision).reason;
}

json describe(std::string_view raw, const InspectContext& ctx) {
  const parsers::Limits limits = ctx.config ? ctx.config->limits.parsing : parsers::Limits{};
  const auto opened = ctx.keyring ? crypto::openMessage(raw, limits, *ctx.keyring, ctx.smime)
                                  : crypto::analyseOnly(raw, limits);
  const auto& outer = opened.outer;
  const auto& m = opened.effective.message;

  json parts = json::array();
  for (const auto& p : outer.parts)
    parts.push_back({{"path", p.path},
                     {"content_type", text(p.contentType)},
                     {"charset", text(p.charset)},
                     {"filename", text(p.filename)},
                     {"disposition", text(p.disposition)},
                     {"transfer_encoding", text(p.transferEncoding)},
                     {"encoded_bytes", p.encodedBytes},
                     {"decoded_bytes", p.decodedBytes},
                     {"depth", p.depth}});
  json limitsHit = json::array();
  for (const auto& hit : outer.limitHits)
    limitsHit.push_back({{"limit", hit.limit},
                         {"where", text(hit.where)},
                         {"value", hit.value},
                         {"maximum", hit.maximum}});
  json report{
      {"bytes", raw.size()},
      {"subject", text(m.subject)},
      {"from", mailboxes(m.from)},
      {"to", mailboxes(m.to)},
      {"message_id", text(m.messageId)},
      {"in_reply_to", text(m.inReplyTo)},
      {"references", texts(m.references)},
      {"body_charset", text(m.bodyCharset)},
      {"body_bytes", m.bodyText.size()},
      {"parts", std::move(parts)},
      {"pgp",
       {{"kind", parsers::pgpKindName(outer.pgp.kind)},
        {"path", outer.pgp.path},
        {"missing_part", outer.pgp.missingPart},
        {"repaired_exchange", outer.pgp.repairedExchange}}},
      {"verification",
       {{"status", crypto::signatureStatusName(opened.verification.status)},
        {"fingerprint", opened.verification.fingerprint},
        {"signer", text(opened.verification.signerUid)},
        {"detail", text(opened.verification.detail)},
        {"coverage", crypto::signatureCoverageName(opened.coverage)},
        {"uncovered", text(opened.uncovered)},
        {"partially_signed", crypto::partiallySigned(opened)},
        {"checked", ctx.keyring != nullptr}}},
      {"decryption",
       {{"encrypted", opened.decryption.encrypted},
        {"decrypted", opened.decryption.decrypted},
        {"error", text(opened.decryption.error)}}},
      {"steps", texts(opened.steps)},
      {"classification",
       {{"kind", parsers::mailKindName(outer.kind)}, {"reason", text(outer.kindReason)}}},
      {"attached_keys", opened.effective.attachedKeys.size()},
      {"autocrypt", outer.autocrypt ? json(text(outer.autocrypt->address)) : json(nullptr)},
      {"limit_hits", std::move(limitsHit)},
      {"warnings", texts(m.warnings)},
  };
  if (const auto& dsn = outer.deliveryStatus)
    report["classification"]["delivery_status"] = {
        {"failed_recipients", texts(dsn->failedRecipients)},
        {"original_message_id", text(dsn->originalMessageId)},
        {"status", text(dsn->status)},
        {"diagnostic", text(dsn->diagnostic)}};

  // Thread matching and the intake decision, as the daemon would take them.
  const std::string intake = ctx.config ? ctx.config->coordinator.intake : "";
  const std::string prefix = ctx.config ? ctx.config->coordinator.casePrefix : "CVD";
  const std::string sender = daemon::senderOf(opened);
  core::ThreadLookups lookups;
  lookups.caseForToken = [&](std::string_view token) -> std::optional<std::string> {
    if (ctx.replyTokens == nullptr) return std::nullopt;
    return ctx.replyTokens->caseFor(token, prefix, sender);
  };
  lookups.caseForSentMessage = [&](std::string_view id) -> std::optional<std::string> {
    return ctx.txn ? ctx.txn->caseForSentMessage(id) : std::nullopt;
  };
  // Without state, any well-formed case ID is reported as matched, so the operator sees it.
  lookups.caseExists = [&](std::string_view id) { return ctx.txn ? ctx.txn->hasCase(id) : true; };
  const auto clues = daemon::threadCluesOf(opened, intake);
  const auto match = core::matchThread(clues, prefix, lookups);
  report["matched"] = {{"case_id", match.caseId ? json(*match.caseId) : json(nullptr)},
                       {"by", core::matchedByName(match.by)},
                       {"reply_tokens", texts(clues.replyTokens)},
                       {"forged_token", match.forgedToken},
                       {"state_checked", ctx.txn != nullptr}};
  const auto bounceAddress =
      core::judgeBounce(daemon::bounceEvidenceOf(opened, intake, prefix, ctx.replyTokens, ctx.txn));
  const auto facts =
      daemon::intakeFactsOf(opened, match, lookups.caseForSentMessage, bounceAddress);
  if (facts.mailClass == core::MailClass::Bounce)
    report["bounce_address"] = {{"verified", bounceAddress.verified},
                                {"reason", text(bounceAddress.reason)}};
  const auto decision = core::decideIntake(facts);
  report["decision"] = text(decisionText(decision));
  if (const auto* attach = std::get_if<core::AttachToCase>(&decision); attach && ctx.txn) {
    if (auto c = ctx.txn->getCase(attach->caseId)) {
      const auto token = daemon::tokenProofOf(clues, attach->caseId, lookups.caseForToken);
      auto auth = core::authenticateSender(
          c->participants, daemon::senderEvidenceOf(opened, match.forgedToken, token));
      report["authentication"] = {{"authenticated", auth.authenticated},
                                  {"reply_token", core::tokenProofName(token)},
                                  {"reason", text(auth.reason)}};
    }
  }
  return report;
}

}  // namespace

json inspectMessage(std::string_view raw, const InspectContext& context) {
  try {
    return describe(raw, context);
  } catch (const std::exception& e) {
    // Only an engine or store failure gets here; the message itself is never the cause.
    return json{{"bytes", raw.size()}, {"error", text(e.what())}};
  }
}

void printInspection(std::ostream& out, const json& r) {
  if (r.contains("error")) {
    out << "error: " << r["error"].get<std::string>() << "\n";
    return;
  }
  out << "Size:           " << r["bytes"] << " bytes\n"
      << "Subject:        " << r["subject"].get<std::string>() << "\n";
  for (const auto& f : r["from"])
    out << "From:           " << f["address"].get<std::string>() << "\n";
  out << "Message-ID:     " << r["message_id"].get<std::string>() << "\n"
      << "Classification: " << r["classification"]["kind"].get<std::string>();
  if (!r["classification"]["reason"].get<std::string>().empty())
    out << " (" << r["classification"]["reason"].get<std::string>() << ")";
  out << "\nOpenPGP:        " << r["pgp"]["kind"].get<std::string>();
  if (!r["pgp"]["path"].get<std::string>().empty())
    out << " at part " << r["pgp"]["path"].get<std::string>();
  out << "\nSignature:      " << r["verification"]["status"].get<std::string>();
  if (!r["verification"]["fingerprint"].get<std::string>().empty())
    out << " " << r["verification"]["fingerprint"].get<std::string>() << " "
        << r["verification"]["signer"].get<std::string>();
  if (!r["verification"]["checked"].get<bool>()) out << " (no keyring: not checked)";
  if (r["verification"]["coverage"].get<std::string>() == "partial")
    out << "\nCoverage:       "
        << (r["verification"]["partially_signed"].get<bool>() ? "PARTIALLY SIGNED" : "partial")
        << ": content outside the signature at "
        << r["verification"]["uncovered"].get<std::string>()
        << "; only the signed content is read, it authenticates nobody";
  out << "\nEncrypted:      " << (r["decryption"]["encrypted"].get<bool>() ? "yes" : "no");
  if (r["decryption"]["encrypted"].get<bool>())
    out << (r["decryption"]["decrypted"].get<bool>()
                ? ", decrypted"
                : ", not decrypted: " + r["decryption"]["error"].get<std::string>());
  out << "\nMatched case:   "
      << (r["matched"]["case_id"].is_null() ? std::string("none")
                                            : r["matched"]["case_id"].get<std::string>() + " by " +
                                                  r["matched"]["by"].get<std::string>());
  if (r["matched"]["forged_token"].get<bool>()) out << " (reply token does NOT verify)";
  out << "\nDecision:       " << r["decision"].get<std::string>() << "\n";
  if (r.contains("authentication"))
    out << "Authentication: " << r["authentication"]["reason"].get<std::string>() << "\n";
  for (const auto& hit : r["limit_hits"])
    out << "Limit hit:      " << hit["limit"].get<std::string>() << " " << hit["value"] << " > "
        << hit["maximum"] << " at " << hit["where"].get<std::string>() << "\n";
  out << "Parts:\n";
  for (const auto& p : r["parts"])
    out << "  " << (p["path"].get<std::string>().empty() ? "-" : p["path"].get<std::string>())
        << "  " << p["content_type"].get<std::string>() << "  " << p["decoded_bytes"] << " bytes"
        << (p["filename"].get<std::string>().empty() ? "" : "  " + p["filename"].get<std::string>())
        << "\n";
  for (const auto& s : r["steps"]) out << "Step:           " << s.get<std::string>() << "\n";
  for (const auto& w : r["warnings"]) out << "Warning:        " << w.get<std::string>() << "\n";
}

}  // namespace cvdd::cli
