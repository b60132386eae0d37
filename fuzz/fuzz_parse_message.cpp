// libFuzzer target: one untrusted message through parseMessage and analyzeMessage (with
// small limits, so the limit paths are reached), plus what the crypto layer does next
// (re-reading the signed part, fetching a part). Beyond ASan/UBSan, it traps when an
// invariant of the contract breaks: UTF-8 text, byte ranges inside the input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/message_analysis.hpp"
#include "parsers/parsed_message.hpp"
#include "parsers/report_form.hpp"
#include "parsers/text_decode.hpp"
#include "parsers/vendor_reply_form.hpp"

namespace {

using namespace cvdd::parsers;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

// Valid UTF-8 without control characters: these end up in logs, JSON and LMDB records.
void requireText(std::string_view text) {
  require(detail::isValidUtf8(text));
  for (char c : text) require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
}

void checkText(const ParsedMessage& m) {
  require(detail::isValidUtf8(m.subject));
  require(detail::isValidUtf8(m.bodyText));
  for (const auto* list : {&m.from, &m.to, &m.cc, &m.bcc, &m.replyTo}) {
    for (const Mailbox& box : *list) require(detail::isValidUtf8(box.displayName));
  }
}

Limits smallLimits() {
  Limits limits;
  limits.maxMessageBytes = 256 << 10;
  limits.maxMimeDepth = 8;
  limits.maxParts = 64;
  limits.maxHeaderCount = 64;
  limits.maxHeaderBytes = 4096;
  limits.maxDecodedBytes = 128 << 10;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  if (auto parsed = parseMessage(raw)) checkText(*parsed);

  const Limits limits = smallLimits();
  const MessageAnalysis a = analyzeMessage(raw, limits);
  checkText(a.message);
  for (const PartInfo& part : a.parts) {
    require(part.begin <= part.end && part.end <= size);
    for (const std::string* text : {&part.filename, &part.contentType, &part.charset,
                                    &part.disposition, &part.transferEncoding}) {
      requireText(*text);
    }
  }
  requireText(a.kindReason);
  for (const auto* list : {&a.cc, &a.bcc, &a.deliveredTo}) {
    for (const std::string& address : *list) requireText(address);
  }
  if (a.autocrypt) requireText(a.autocrypt->address);
  if (a.deliveryStatus) {
    requireText(a.deliveryStatus->originalMessageId);
    requireText(a.deliveryStatus->diagnostic);
    for (const auto& r : a.deliveryStatus->recipients) {
      requireText(r.finalRecipient);
      requireText(r.originalRecipient);
      requireText(r.diagnostic);
    }
  }
  if (a.pgp.kind == PgpKind::PgpMimeSigned) {
    // The signed part is itself an entity the integrator reads again.
    checkText(analyzeMessage(a.pgp.signedBytes, limits).message);
  }
  if (!a.parts.empty()) (void)decodedPart(raw, a.parts.back().path, limits);

  // The report and vendor reply forms read the decoded body, and the raw bytes too.
  for (std::string_view text : {std::string_view(a.message.bodyText), raw}) {
    const ReportFields r = extractReportFields(text);
    for (const std::string* s : {&r.reporterName, &r.contact, &r.product, &r.vulnerability,
                                 &r.personalData, &r.otherOrganisations, &r.otherFacts})
      require(detail::isValidUtf8(*s));
    const VendorReply v = parseVendorReply(text);
    for (const std::string* s : {&v.fixPlan, &v.schedule, &v.publicComment, &v.advisoryUrl})
      require(detail::isValidUtf8(*s));
    if (v.requestedPublicationDate) require(v.requestedPublicationDate->ok());
  }
  return 0;
}
