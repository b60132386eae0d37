#pragma once
// The reporter's fields (ア)–(コ) of a vulnerability report (seed 000 ch.5), read from the
// decoded body text of the report. Pure: no I/O, never throws, linear in the input.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdd::parsers {

/// An answer to a yes/no question of a form. Unknown means no answer: never consent.
enum class Consent { Unknown, Yes, No };

/// Only this many bytes of a body are read (the rest is ignored with a warning).
inline constexpr std::size_t kMaxFormBytes = std::size_t{1} << 20;
/// Cap on one-line values (name, contact, product, URL, ...).
inline constexpr std::size_t kMaxShortFieldBytes = 4096;
/// Cap on free-text values other than the vulnerability itself (which can take it all).
inline constexpr std::size_t kMaxLongFieldBytes = std::size_t{64} << 10;

struct ReportFields {
  std::string reporterName;                             // (ア)
  std::string contact;                                  // (イ)
  Consent shareIdentityWithVendor = Consent::Unknown;   // (ウ) may (ア)(イ) go to the vendor
  Consent vendorMayContactDirectly = Consent::Unknown;  // (エ)
  Consent publishName = Consent::Unknown;               // (オ) credit
  std::string product;                                  // (カ) product name and version
  std::string vulnerability;       // (キ) environment, steps, result, evidence (multi-line)
  std::string personalData;        // (ク)
  std::string otherOrganisations;  // (ケ)
  std::string otherFacts;          // (コ)
  Consent exploitationObserved = Consent::Unknown;  // part of (コ)
  std::vector<std::string> missing;   // required fields not found: "contact", "product", ...
  bool fromForm = false;              // labelled fields were found (else guessed from free text)
  std::vector<std::string> warnings;  // what was truncated, guessed or contradictory
};

/// Extracts the fields from a report body (UTF-8; invalid bytes become U+FFFD, controls
/// spaces). Labels in English and Japanese ("Product:", "製品名：", "【製品名】",
/// "(カ) 製品名:", "3. Contact:"), case-insensitive; a value runs on over the following
/// lines until the next label, a one-line field's also until a blank line. Without at least
/// two labelled fields the body is free text: vulnerability = the whole body, the rest empty
/// (the caller may guess the product from the subject). Consent answers that cannot be read
/// stay Unknown; contradictory ones become No. Never fails; `missing` lists what is absent
/// of "contact", "product", "vulnerability".
ReportFields extractReportFields(std::string_view body);

/// Reads one yes/no answer: yes/no/y/n, agree/consent/OK/NG, 可/不可, はい/いいえ,
/// 同意する/同意しない, 希望する/希望しない, 許可/不許可, あり/なし, full-width forms,
/// "[x] yes [ ] no". Unknown for blank, unreadable or still-unfilled ("yes / no") answers.
Consent parseConsent(std::string_view answer);

/// "unknown", "yes", "no".
std::string_view consentName(Consent consent);

namespace detail {
// Shared with vendor_reply_form.cpp; not part of the library's contract.

/// The first kMaxFormBytes of a body as valid UTF-8 with LF line ends and no controls
/// except TAB/LF; warns when the body was cut.
std::string formText(std::string_view body, std::vector<std::string>* warnings);

/// For matching only: ASCII lower-cased, full-width ASCII and U+3000 folded to ASCII,
/// whitespace runs collapsed to one space, trimmed.
std::string foldForMatch(std::string_view text);

/// Drops "( ... )" (after foldForMatch, full-width parentheses are ASCII ones).
std::string withoutParentheticals(std::string_view folded);

/// Trims ASCII whitespace and U+3000 on both ends.
std::string_view trimSpace(std::string_view text);

/// A "label: value" line split at its first colon outside parentheses (ASCII or
/// full-width), or "【label】value" / "[label] value"; list markers ("-", "・", "■") and
/// numbering ("(ア)", "1.", "（１）", "①") before the label are dropped. question is set
/// when a "?" ended the label instead of a colon ("Exploited in the wild? no").
struct LabelledLine {
  std::string_view label;
  std::string_view value;
  bool question = false;
};
std::optional<LabelledLine> splitLabel(std::string_view line);

/// " product name " for "**Product name** (and version)": folded, parentheticals and
/// punctuation dropped, single spaces, padded with one space each side so " name" matches
/// a word start; "" when the text is too long or reads like a sentence to be a label.
std::string labelKey(std::string_view rawLabel);

/// A paragraph starting like "Regards," / "よろしくお願いします" / "以上" ends a letter's
/// fields.
bool isLetterClosing(std::string_view line);

/// "-- " (or "--") alone on a line: a signature follows.
bool isSignatureDelimiter(std::string_view line);

/// Appends at most what keeps `to` within `max` bytes, cut on a UTF-8 boundary; false when
/// something was cut.
bool appendBounded(std::string& to, std::string_view text, std::size_t max);

}  // namespace detail

}  // namespace cvdd::parsers
