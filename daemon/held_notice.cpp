#include "daemon/held_notice.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "templates/pgp_mime.hpp"

namespace cvdd::daemon {

namespace {

using nlohmann::json;

json addressJson(const templates::Address& a) {
  return {{"name", a.displayName}, {"address", a.address}};
}

templates::Address addressOf(const json& j) {
  return {j.at("name").get<std::string>(), j.at("address").get<std::string>()};
}

json addressesJson(const std::vector<templates::Address>& list) {
  json out = json::array();
  for (const auto& a : list) out.push_back(addressJson(a));
  return out;
}

std::vector<templates::Address> addressesOf(const json& j) {
  std::vector<templates::Address> out;
  for (const auto& a : j) out.push_back(addressOf(a));
  return out;
}

}  // namespace

std::string encodeHeldNotice(const templates::OutgoingMessage& m) {
  return json{{"from", addressJson(m.from)},
              {"to", addressesJson(m.to)},
              {"replyTo", addressesJson(m.replyTo)},
              {"subject", m.subject},
              {"messageId", m.messageId},
              {"inReplyTo", m.inReplyTo},
              {"references", m.references},
              {"date", m.date},
              {"bodyText", m.bodyText},
              {"autoSubmitted", m.autoSubmitted},
              {"extraHeaders", m.extraHeaders}}
      .dump();
}

core::Result<templates::OutgoingMessage> decodeHeldNotice(std::string_view text) {
  try {
    const json j = json::parse(text);
    templates::OutgoingMessage m;
    m.from = addressOf(j.at("from"));
    m.to = addressesOf(j.at("to"));
    m.replyTo = addressesOf(j.at("replyTo"));
    m.subject = j.at("subject").get<std::string>();
    m.messageId = j.at("messageId").get<std::string>();
    m.inReplyTo = j.at("inReplyTo").get<std::string>();
    m.references = j.at("references").get<std::vector<std::string>>();
    m.date = j.at("date").get<std::string>();
    m.bodyText = j.at("bodyText").get<std::string>();
    m.autoSubmitted = j.at("autoSubmitted").get<std::string>();
    m.extraHeaders = j.at("extraHeaders").get<std::vector<std::pair<std::string, std::string>>>();
    return m;
  } catch (const json::exception& e) {
    return core::fail(core::Errc::MalformedMime, "held notice", e.what());
  }
}

core::Result<ReleasedNotice> releaseHeldInClear(store::WriteTxn& txn, const OutboundSigner& signer,
                                                std::uint64_t seq, const std::string& actor,
                                                const std::string& reason, core::Timestamp now) {
  const std::string where = "outbox #" + std::to_string(seq);
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return core::fail(core::Errc::InvalidConfig, where,
                      "a reason is required to send confidential mail in clear");
  auto entry = txn.getOutbox(seq);
  if (!entry) return core::fail(core::Errc::NotFound, where, "no such outbox entry");
  if (entry->state != store::OutboxState::Held)
    return core::fail(core::Errc::IllegalTransition, where,
                      "is " + std::string(store::outboxStateName(entry->state)) + ", not held");
  if (entry->heldNotice.empty())
    return core::fail(core::Errc::InvalidConfig, where,
                      "was held before cvdd kept held notices; send the notice again instead");
  auto message = decodeHeldNotice(entry->heldNotice);
  if (!message) return tl::unexpected(message.error());

  std::string raw;
  const bool canSign = signer.keyring != nullptr && !signer.fingerprint.empty();
  if (canSign) {
    auto signedRaw = templates::composeSigned(
        *message, [&](std::string_view bytes) -> core::Result<std::pair<std::string, std::string>> {
          auto signature = signer.keyring->signDetached(bytes, signer.fingerprint);
          if (!signature) return tl::unexpected(signature.error());
          return std::make_pair(signature->armored, signature->micalg);
        });
    if (!signedRaw)
      throw std::runtime_error("signing " + entry->messageId + ": " + signedRaw.error().what);
    raw = std::move(*signedRaw);
  } else {
    raw = templates::composeMime(*message);
  }
  const std::string heldSince = core::formatIso8601(entry->nextAttemptAt);
  const std::string recipient = entry->recipients.empty() ? "" : entry->recipients.front();
  txn.releaseHeld(seq, raw, now, "released in clear by " + actor + ": " + reason);

  if (auto c = txn.getCase(entry->caseId)) {
    core::TimelineEntry sent{now,
                             core::Direction::Outbound,
                             core::MessageRole::Notice,
                             entry->messageId,
                             entry->messageId,
                             message->from.address,
                             recipient,
                             message->subject};
    sent.signature = canSign ? "signed" : "plain";
    if (canSign) sent.signerFingerprint = signer.fingerprint;
    sent.note = "held notice (outbox #" + std::to_string(seq) + ", held since " + heldSince +
                ") released in clear by " + actor + ": " + reason;
    c->timeline.push_back(std::move(sent));
    txn.putCase(*c);
  }
  return ReleasedNotice{seq, entry->caseId, recipient, entry->messageId};
}

}  // namespace cvdd::daemon
