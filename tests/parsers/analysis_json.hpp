#pragma once
// MessageAnalysis as JSON, for the golden files under data/analysis/. Bytes that are no
// UTF-8 (keys, signatures) are written as "hex:…".

#include <nlohmann/json.hpp>
#include <string>

#include "core/time.hpp"
#include "parsers/message_analysis.hpp"
#include "test_support.hpp"

namespace cvdd::parsers::test {

inline std::string textOrHex(const std::string& bytes) {
  if (isUtf8(bytes)) return bytes;
  static const char* digits = "0123456789abcdef";
  std::string out = "hex:";
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

inline nlohmann::ordered_json analysisJson(const MessageAnalysis& a) {
  using nlohmann::ordered_json;
  ordered_json parts = ordered_json::array();
  for (const PartInfo& p : a.parts) {
    parts.push_back({{"path", p.path},
                     {"contentType", p.contentType},
                     {"charset", p.charset},
                     {"filename", p.filename},
                     {"disposition", p.disposition},
                     {"transferEncoding", p.transferEncoding},
                     {"encodedBytes", p.encodedBytes},
                     {"decodedBytes", p.decodedBytes},
                     {"depth", p.depth},
                     {"begin", p.begin},
                     {"end", p.end}});
  }
  ordered_json pgp = {{"kind", std::string(pgpKindName(a.pgp.kind))},
                      {"path", a.pgp.path},
                      {"signedBytes", textOrHex(a.pgp.signedBytes)},
                      {"signature", textOrHex(a.pgp.signature)},
                      {"ciphertext", textOrHex(a.pgp.ciphertext)},
                      {"armoredText", textOrHex(a.pgp.armoredText)},
                      {"missingPart", a.pgp.missingPart},
                      {"repairedExchange", a.pgp.repairedExchange},
                      {"partial", a.pgp.partial}};
  if (!a.pgp.uncovered.empty()) pgp["uncovered"] = a.pgp.uncovered;
  ordered_json keys = ordered_json::array();
  for (const auto& k : a.attachedKeys) keys.push_back(textOrHex(k));
  ordered_json autocrypt = nullptr;
  if (a.autocrypt) {
    autocrypt = {{"address", a.autocrypt->address},
                 {"keyData", textOrHex(a.autocrypt->keyData)},
                 {"preferEncrypt", a.autocrypt->preferEncrypt}};
  }
  ordered_json dsn = nullptr;
  if (a.deliveryStatus) {
    ordered_json recipients = ordered_json::array();
    for (const auto& r : a.deliveryStatus->recipients) {
      recipients.push_back({{"finalRecipient", r.finalRecipient},
                            {"originalRecipient", r.originalRecipient},
                            {"action", r.action},
                            {"status", r.status},
                            {"diagnostic", r.diagnostic}});
    }
    dsn = {{"failedRecipients", a.deliveryStatus->failedRecipients},
           {"originalMessageId", a.deliveryStatus->originalMessageId},
           {"status", a.deliveryStatus->status},
           {"diagnostic", a.deliveryStatus->diagnostic},
           {"recipients", recipients}};
  }
  ordered_json hits = ordered_json::array();
  for (const auto& h : a.limitHits) {
    hits.push_back(
        {{"limit", h.limit}, {"where", h.where}, {"value", h.value}, {"maximum", h.maximum}});
  }
  return {{"subject", a.message.subject},
          {"from", a.message.from.empty() ? "" : a.message.from.front().address},
          {"cc", a.cc},
          {"bcc", a.bcc},
          {"deliveredTo", a.deliveredTo},
          {"date", a.date ? core::formatIso8601(*a.date) : std::string("(none)")},
          {"dateOffsetMinutes", a.dateOffset.count()},
          {"kind", std::string(mailKindName(a.kind))},
          {"kindReason", a.kindReason},
          {"deliveryStatus", dsn},
          {"parts", parts},
          {"pgp", pgp},
          {"attachedKeys", keys},
          {"autocrypt", autocrypt},
          {"limitHits", hits},
          {"bodyText", a.message.bodyText},
          {"warnings", a.message.warnings}};
}

}  // namespace cvdd::parsers::test
