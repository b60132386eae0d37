#pragma once
// A vendor's answer to a notice, read from the reply form every notice carries (003 §6-2:
// status, free text and URL for the advisory; §8-2: a related organisation to share the
// case with). Pure: no I/O, never throws, linear in the input.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/vendor_status.hpp"
#include "parsers/report_form.hpp"

namespace cvdd::parsers {

/// What the vendor asks for: the details (after a summary notice), "no affected product"
/// (after a summary notice), or a statement of its status (after the details).
enum class VendorAction { None, RequestDetails, NoAffectedProduct, Statement };

/// A related organisation the vendor wants the case shared with (003 §8-2).
struct SharedOrganisation {
  std::string name, person, address;
};

struct VendorReply {
  VendorAction action = VendorAction::None;
  std::optional<core::PublicStatus> status;  // one of the five advisory statuses
  std::string fixPlan;                       // fix or workaround plan
  std::string schedule;                      // free text
  std::optional<core::CivilDate> requestedPublicationDate;
  std::string publicComment;  // free text for the advisory's vendor page
  std::string advisoryUrl;    // http(s) only, else empty and a warning
  Consent exploitationObserved = Consent::Unknown;
  bool fixAvailable = false;  // the vendor answered yes to "a fix or workaround exists now"
  std::optional<SharedOrganisation> shareWith;
  std::vector<std::string> warnings;  // what could not be read and why
};

/// Reads a filled-in reply form (blankVendorReplyForm, English or Japanese) from a reply
/// body (UTF-8). Quoted lines ("> ...") and everything after a client's "-----Original
/// Message-----", "On ... wrote:" or "____" line are ignored, so a reply that quotes the
/// blank form is no answer; lines starting with "#" are the form's instructions. Ticked
/// boxes ("[x] Request details", "■", "☑") and "key: value" lines ("Status: affected",
/// "ステータス：該当製品あり：調査中") both work. Dates: 2026-12-24, 2026/12/24, 2026年12月24日.
/// A status without a ticked action makes the action Statement. Never fails: anything
/// unreadable is left unset with a warning, and a reply without any answer gets
/// action None and the warning "no filled-in reply form found".
VendorReply parseVendorReply(std::string_view body);

/// The blank reply form for a vendor notice, in Japanese for "ja" and English otherwise.
/// Filling it in (ticking boxes, writing after the colons) and sending it back unquoted is
/// read by parseVendorReply. With a case ID (and a notice reference), the form names the
/// case (and the notice) in comment lines, so a signed answer's signed text names what it
/// answers.
std::string blankVendorReplyForm(std::string_view language, std::string_view caseId = {},
                                 std::string_view reference = {});

/// The notice reference a reply carries ("Reference: <16 chars>" or "参照番号: …", as the
/// form wrote it), if any.
std::optional<std::string> replyFormReference(std::string_view body);

/// The advisory status a vendor wrote: "affected", "not affected, investigating",
/// "information provided", the stable names ("not-affected"), 該当製品あり,
/// 該当製品あり：調査中 (any colon or parentheses), 該当製品なし, 脆弱性情報提供済み, ...;
/// nullopt when it is none of them or names several ("affected / not affected").
std::optional<core::PublicStatus> parsePublicStatus(std::string_view text);

/// The first date in the text: 2026-12-24, 2026/12/24, 2026.12.24, 2026年12月24日
/// (full-width digits too); nullopt when there is none or it does not exist (Feb 30).
std::optional<core::CivilDate> parseFormDate(std::string_view text);

}  // namespace cvdd::parsers
