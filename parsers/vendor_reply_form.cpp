#include "parsers/vendor_reply_form.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cvdd::parsers {

namespace {

using core::PublicStatus;
using detail::foldForMatch;
using detail::trimSpace;

constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::size_t kMaxQuotedInWarning = 60;

// ---------------------------------------------------------------------------------------
// The blank forms. Every label here must classify to its field below (tested).

constexpr std::string_view kFormEn =
    "==== cvdd reply form ====\n"
    "# Please reply with this form filled in and not quoted (no \"> \" in front): tick one\n"
    "# answer with [x] and write after the colons. Lines starting with \"#\" are ignored.\n"
    "#\n"
    "# 1. Your answer (tick one)\n"
    "[ ] Request details (please send us the vulnerability details)\n"
    "[ ] No affected product (none of our products is affected)\n"
    "[ ] Statement (our status and plans are below)\n"
    "#\n"
    "# 2. Your status in the public advisory (tick one, with a statement)\n"
    "[ ] affected\n"
    "[ ] affected, investigating\n"
    "[ ] not affected\n"
    "[ ] not affected, investigating\n"
    "[ ] information provided\n"
    "#\n"
    "# 3. Fix and advisory (free text may run over several lines)\n"
    "Fix or workaround plan:\n"
    "Fix or workaround available now (yes/no):\n"
    "Schedule:\n"
    "Requested publication date (YYYY-MM-DD):\n"
    "Public comment for the advisory:\n"
    "Advisory URL (https://...):\n"
    "Exploitation observed in the wild (yes/no/unknown):\n"
    "#\n"
    "# 4. A related organisation to share this case with (subcontractor, OEM), if any\n"
    "Related organisation:\n"
    "Related organisation contact person:\n"
    "Related organisation contact address (e-mail, phone):\n"
    "==== end of reply form ====\n";

constexpr std::string_view kFormJa =
    "==== 回答フォーム ====\n"
    "# 本フォームにご記入のうえ、引用記号（「> 」）を付けずにご返信くださいますよう\n"
    "# お願いいたします。該当する [ ] には x を、各項目には「：」の後に内容を\n"
    "# ご記入いただけますようお願いいたします。「#」で始まる行は読み飛ばします。\n"
    "#\n"
    "# 1. ご回答（一つ選択）\n"
    "[ ] 脆弱性詳細情報を請求する\n"
    "[ ] 該当製品なしと回答する（脆弱性詳細情報は不要）\n"
    "[ ] 対応状況を連絡する（以下に記入）\n"
    "#\n"
    "# 2. 公表情報に掲載するステータス（一つ選択、対応状況の連絡時）\n"
    "[ ] 該当製品あり\n"
    "[ ] 該当製品あり：調査中\n"
    "[ ] 該当製品なし\n"
    "[ ] 該当製品なし：調査中\n"
    "[ ] 脆弱性情報提供済み\n"
    "#\n"
    "# 3. 対策と公表情報（自由記述は複数行にわたって構いません）\n"
    "対策方法（修正方法・回避方法）：\n"
    "対策の提供状況（提供済み／未提供）：\n"
    "対策の予定：\n"
    "公表日の希望（YYYY-MM-DD）：\n"
    "公表情報に記載するコメント：\n"
    "告知ページのURL（https://...）：\n"
    "攻撃の観測（あり／なし／不明）：\n"
    "#\n"
    "# 4. 情報共有を希望する関係組織（開発委託先・協力会社など、該当する場合）\n"
    "関係組織名：\n"
    "関係組織の担当者名：\n"
    "関係組織の担当者の連絡先（メールアドレス・電話番号）：\n"
    "==== 回答フォームここまで ====\n";

// ---------------------------------------------------------------------------------------
// Statuses.

struct JaStatus {
  std::string_view text;  // compacted: no spaces, colons, parentheses, brackets
  PublicStatus status;
};
constexpr std::array kJaStatuses = {
    JaStatus{"該当製品あり調査中", PublicStatus::AffectedInvestigating},
    JaStatus{"該当製品なし調査中", PublicStatus::NotAffectedInvestigating},
    JaStatus{"該当製品あり", PublicStatus::Affected},
    JaStatus{"該当製品なし", PublicStatus::NotAffected},
    JaStatus{"該当製品有り", PublicStatus::Affected},
    JaStatus{"該当製品無し", PublicStatus::NotAffected},
    JaStatus{"該当あり調査中", PublicStatus::AffectedInvestigating},
    JaStatus{"該当なし調査中", PublicStatus::NotAffectedInvestigating},
    JaStatus{"該当あり", PublicStatus::Affected},
    JaStatus{"該当なし", PublicStatus::NotAffected},
    JaStatus{"非該当", PublicStatus::NotAffected},
    JaStatus{"脆弱性情報提供済", PublicStatus::InformationProvided},
    JaStatus{"情報提供済", PublicStatus::InformationProvided},
};

std::optional<PublicStatus> japaneseStatus(std::string_view folded) {
  static constexpr std::array<std::string_view, 14> kDropped = {" ",
                                                                ":",
                                                                "(",
                                                                ")",
                                                                "[",
                                                                "]",
                                                                "-",
                                                                ",",
                                                                "\xE3\x83\xBB" /*・*/,
                                                                "\xE3\x80\x81" /*、*/,
                                                                "\xE3\x80\x8C" /*「*/,
                                                                "\xE3\x80\x8D" /*」*/,
                                                                "\xE3\x80\x90" /*【*/,
                                                                "\xE3\x80\x91" /*】*/};
  std::string compact;
  std::size_t i = 0;
  while (i < folded.size()) {
    bool dropped = false;
    for (std::string_view d : kDropped) {
      if (folded.substr(i).starts_with(d)) {
        i += d.size();
        dropped = true;
        break;
      }
    }
    if (!dropped) compact += folded[i++];
  }
  for (const JaStatus& s : kJaStatuses) {
    if (compact.starts_with(s.text)) return s.status;
  }
  return std::nullopt;
}

std::optional<PublicStatus> englishStatus(std::string_view folded) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < folded.size() && words.size() < 8) {
    while (i < folded.size() && !(folded[i] >= 'a' && folded[i] <= 'z')) {
      if (static_cast<unsigned char>(folded[i]) >= 0x80) break;
      ++i;
    }
    const std::size_t start = i;
    while (i < folded.size() && folded[i] >= 'a' && folded[i] <= 'z') ++i;
    if (i == start) break;
    words.push_back(folded.substr(start, i - start));
  }
  std::size_t k = 0;
  const auto at = [&](std::size_t n) { return n < words.size() ? words[n] : std::string_view{}; };
  if ((at(0) == "information" || at(0) == "info") && at(1) == "provided") {
    return PublicStatus::InformationProvided;
  }
  bool negative = false;
  if (at(k) == "not" || at(k) == "no") {
    negative = true;
    ++k;
  }
  if (at(k) == "unaffected") {
    negative = true;
  } else if (at(k) != "affected") {
    return std::nullopt;
  }
  ++k;
  static constexpr std::array<std::string_view, 10> kFillers = {
      "product", "products", "still", "under", "being", "currently", "but", "and", "is", "are"};
  while (k < words.size() &&
         std::find(kFillers.begin(), kFillers.end(), words[k]) != kFillers.end()) {
    ++k;
  }
  const bool investigating = at(k) == "investigating" || at(k) == "investigation";
  if (negative) {
    return investigating ? PublicStatus::NotAffectedInvestigating : PublicStatus::NotAffected;
  }
  return investigating ? PublicStatus::AffectedInvestigating : PublicStatus::Affected;
}

std::optional<PublicStatus> oneStatus(std::string_view folded) {
  folded = trimSpace(folded);
  while (!folded.empty() && (folded.front() == '"' || folded.front() == '\'' ||
                             folded.front() == '(' || folded.front() == '[')) {
    folded = trimSpace(folded.substr(1));
  }
  if (folded.empty()) return std::nullopt;
  if (static_cast<unsigned char>(folded.front()) >= 0x80) return japaneseStatus(folded);
  return englishStatus(folded);
}

// ---------------------------------------------------------------------------------------
// Form fields.

enum class Field {
  None,
  Ignore,  // known but not ours: "Vendor:", "Case:"
  Action,
  Status,
  FixPlan,
  FixAvailable,
  Schedule,
  PublicationDate,
  Comment,
  Url,
  Exploitation,
  ShareOrg,
  SharePerson,
  ShareAddress,
};
constexpr std::size_t kFields = static_cast<std::size_t>(Field::ShareAddress) + 1;

std::string_view fieldName(Field f) {
  switch (f) {
    case Field::FixPlan:
      return "fix plan";
    case Field::Schedule:
      return "schedule";
    case Field::Comment:
      return "public comment";
    case Field::ShareOrg:
      return "related organisation";
    case Field::SharePerson:
      return "related organisation's contact person";
    case Field::ShareAddress:
      return "related organisation's contact address";
    default:
      break;
  }
  return "answer";
}

bool isLong(Field f) {
  return f == Field::FixPlan || f == Field::Schedule || f == Field::Comment;
}

struct LabelWord {
  std::string_view text;
  Field field;
};

// First match wins (see report_form.cpp: specific phrases before the words they contain).
constexpr std::array kLabelWords = {
    LabelWord{"action", Field::Action},
    LabelWord{"answer", Field::Action},
    LabelWord{"回答", Field::Action},
    LabelWord{"publication date", Field::PublicationDate},
    LabelWord{"disclosure date", Field::PublicationDate},
    LabelWord{"publication", Field::PublicationDate},
    LabelWord{"publish", Field::PublicationDate},
    LabelWord{"embargo", Field::PublicationDate},
    LabelWord{"公表日", Field::PublicationDate},
    LabelWord{"公開日", Field::PublicationDate},
    LabelWord{"公表希望", Field::PublicationDate},
    LabelWord{"公表の希望", Field::PublicationDate},
    LabelWord{"公表時期", Field::PublicationDate},
    LabelWord{"status", Field::Status},
    LabelWord{" state ", Field::Status},
    LabelWord{"ステータス", Field::Status},
    LabelWord{"該当状況", Field::Status},
    LabelWord{"対応状況", Field::Status},
    LabelWord{"exploit", Field::Exploitation},
    LabelWord{"in the wild", Field::Exploitation},
    LabelWord{"attack", Field::Exploitation},
    LabelWord{"攻撃", Field::Exploitation},
    LabelWord{"悪用", Field::Exploitation},
    LabelWord{"available", Field::FixAvailable},
    LabelWord{"released", Field::FixAvailable},
    LabelWord{" exists", Field::FixAvailable},
    LabelWord{"提供状況", Field::FixAvailable},
    LabelWord{"提供している", Field::FixAvailable},
    LabelWord{"提供済", Field::FixAvailable},
    LabelWord{"公開済", Field::FixAvailable},
    LabelWord{"リリース済", Field::FixAvailable},
    LabelWord{"schedule", Field::Schedule},
    LabelWord{"timeline", Field::Schedule},
    LabelWord{"release date", Field::Schedule},
    LabelWord{" eta ", Field::Schedule},
    LabelWord{"予定", Field::Schedule},
    LabelWord{"スケジュール", Field::Schedule},
    LabelWord{"時期", Field::Schedule},
    LabelWord{"comment", Field::Comment},
    LabelWord{"public statement", Field::Comment},
    LabelWord{"advisory text", Field::Comment},
    LabelWord{"free text", Field::Comment},
    LabelWord{"コメント", Field::Comment},
    LabelWord{"記載", Field::Comment},
    LabelWord{"公表情報", Field::Comment},
    LabelWord{"フリーフォーマット", Field::Comment},
    LabelWord{"url", Field::Url},
    LabelWord{"link", Field::Url},
    LabelWord{"advisory", Field::Url},
    LabelWord{"web page", Field::Url},
    LabelWord{"webpage", Field::Url},
    LabelWord{"告知ページ", Field::Url},
    LabelWord{"ページ", Field::Url},
    LabelWord{"リンク", Field::Url},
    LabelWord{" fix", Field::FixPlan},
    LabelWord{"workaround", Field::FixPlan},
    LabelWord{"mitigation", Field::FixPlan},
    LabelWord{"remediation", Field::FixPlan},
    LabelWord{"patch", Field::FixPlan},
    LabelWord{"countermeasure", Field::FixPlan},
    LabelWord{"solution", Field::FixPlan},
    LabelWord{" plan", Field::FixPlan},
    LabelWord{"対策", Field::FixPlan},
    LabelWord{"修正", Field::FixPlan},
    LabelWord{"回避", Field::FixPlan},
    LabelWord{"パッチ", Field::FixPlan},
};

// Labels that name the related organisation of 003 §8-2. Without one of these, "Contact
// person:" or "担当者：" is the vendor's own signature, not a request to share the case.
constexpr std::array<std::string_view, 10> kRelatedMarkers = {
    "related",  "share", "partner", "subcontract", " oem",
    "関係組織", "共有",  "委託",    "協力会社",    "二次配布"};
constexpr std::array<std::string_view, 7> kAddressWords = {"address", "e-mail", "email", "phone",
                                                           "連絡先",  "メール", "電話"};
constexpr std::array<std::string_view, 4> kPersonWords = {"person", " name", "担当者", "氏名"};

// Known labels that are not answers (003 §6-2 items 1 and 2, signatures): they end the
// field before them. English ones must be the whole label: "In case the update fails:"
// inside a fix plan is text.
constexpr std::array<std::string_view, 16> kIgnoredKeys = {
    " case ",        " case id ",      " case number ",    " vendor ",
    " vendor name ", " organisation ", " organization ",   " company ",
    " name ",        " contact ",      " contact person ", " person ",
    " email ",       " e-mail ",       " phone ",          " address "};
constexpr std::array<std::string_view, 9> kIgnoredJa = {
    "識別番号", "製品開発者", "担当者", "連絡先", "組織名", "会社名", "氏名", "電話", "メール"};

template <std::size_t N>
bool containsAny(const std::string& key, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return key.find(w) != std::string::npos; });
}

Field classifyLabel(std::string_view rawLabel) {
  const std::string key = detail::labelKey(rawLabel);
  if (key.empty()) return Field::None;
  if (containsAny(key, kRelatedMarkers)) {
    if (containsAny(key, kAddressWords)) return Field::ShareAddress;
    if (containsAny(key, kPersonWords)) return Field::SharePerson;
    return Field::ShareOrg;
  }
  for (const LabelWord& w : kLabelWords) {
    if (key.find(w.text) != std::string::npos) return w.field;
  }
  if (std::find(kIgnoredKeys.begin(), kIgnoredKeys.end(), key) != kIgnoredKeys.end()) {
    return Field::Ignore;
  }
  if (containsAny(key, kIgnoredJa)) return Field::Ignore;
  return Field::None;
}

struct ActionWord {
  std::string_view text;
  VendorAction action;
};
constexpr std::array kActionWords = {
    ActionWord{"request details", VendorAction::RequestDetails},
    ActionWord{"request the details", VendorAction::RequestDetails},
    ActionWord{"request detail", VendorAction::RequestDetails},
    ActionWord{"send details", VendorAction::RequestDetails},
    ActionWord{"send the details", VendorAction::RequestDetails},
    ActionWord{"send us the", VendorAction::RequestDetails},
    ActionWord{"詳細情報を請求", VendorAction::RequestDetails},
    ActionWord{"詳細情報の請求", VendorAction::RequestDetails},
    ActionWord{"詳細を請求", VendorAction::RequestDetails},
    ActionWord{"詳細情報を希望", VendorAction::RequestDetails},
    ActionWord{"詳細情報の送付", VendorAction::RequestDetails},
    ActionWord{"no affected product", VendorAction::NoAffectedProduct},
    ActionWord{"none of our products", VendorAction::NoAffectedProduct},
    ActionWord{"詳細情報は不要", VendorAction::NoAffectedProduct},
    ActionWord{"なしと回答", VendorAction::NoAffectedProduct},
    ActionWord{"該当製品はない", VendorAction::NoAffectedProduct},
    ActionWord{"該当する製品はない", VendorAction::NoAffectedProduct},
    ActionWord{"statement", VendorAction::Statement},
    ActionWord{"status report", VendorAction::Statement},
    ActionWord{"report our status", VendorAction::Statement},
    ActionWord{"our status", VendorAction::Statement},
    ActionWord{"対応状況を連絡", VendorAction::Statement},
    ActionWord{"対応状況の連絡", VendorAction::Statement},
    ActionWord{"状況を連絡", VendorAction::Statement},
};

std::optional<VendorAction> matchAction(std::string_view text) {
  const std::string folded = foldForMatch(text.substr(0, std::min<std::size_t>(text.size(), 300)));
  for (const ActionWord& a : kActionWords) {
    if (folded.find(a.text) != std::string::npos) return a.action;
  }
  return std::nullopt;
}

// "[x] text", "[ ] text", "☑ text", "■text", "□ text": (ticked, text); nullopt otherwise.
std::optional<std::pair<bool, std::string_view>> checkbox(std::string_view line) {
  if (line.starts_with("[")) {
    const std::size_t end = line.find(']');
    if (end == std::string_view::npos || end > 8) return std::nullopt;
    // Only marks people tick with: "[1] https://..." is a reference, not a box.
    static constexpr std::array<std::string_view, 14> kMarks = {"x",
                                                                "v",
                                                                "o",
                                                                "*",
                                                                "+",
                                                                "\xE2\x9C\x93" /*✓*/,
                                                                "\xE2\x9C\x94" /*✔*/,
                                                                "\xE2\x97\x8B" /*○*/,
                                                                "\xE2\x97\x8F" /*●*/,
                                                                "\xE2\x97\xAF" /*◯*/,
                                                                "\xE3\x80\x87" /*〇*/,
                                                                "\xE2\x96\xA0" /*■*/,
                                                                "\xE3\x83\xAC" /*レ*/,
                                                                "ok"};
    const std::string inner = foldForMatch(line.substr(1, end - 1));
    const std::string_view text = trimSpace(line.substr(end + 1));
    if (inner.empty() || inner == "_") return std::pair{false, text};
    if (std::find(kMarks.begin(), kMarks.end(), inner) == kMarks.end()) return std::nullopt;
    return std::pair{true, text};
  }
  static constexpr std::array<std::string_view, 5> kTicked = {
      "\xE2\x98\x91" /*☑*/, "\xE2\x98\x92" /*☒*/, "\xE2\x96\xA0" /*■*/, "\xE2\x9C\x94" /*✔*/,
      "\xE2\x9C\x93" /*✓*/};
  static constexpr std::array<std::string_view, 2> kUnticked = {"\xE2\x98\x90" /*☐*/,
                                                                "\xE2\x96\xA1" /*□*/};
  for (std::string_view m : kTicked) {
    if (line.starts_with(m)) return std::pair{true, trimSpace(line.substr(m.size()))};
  }
  for (std::string_view m : kUnticked) {
    if (line.starts_with(m)) return std::pair{false, trimSpace(line.substr(m.size()))};
  }
  return std::nullopt;
}

// Where a mail client starts the message being answered, unquoted.
bool startsQuotedOriginal(std::string_view line, std::string_view next) {
  const std::string f = foldForMatch(line.substr(0, std::min<std::size_t>(line.size(), 200)));
  if (f.empty()) return false;
  if (f.find("original message") != std::string::npos ||
      f.find("forwarded message") != std::string::npos ||
      f.find("元のメッセージ") != std::string::npos ||
      f.find("転送されたメッセージ") != std::string::npos ||
      f.find("転送メッセージ") != std::string::npos) {
    return f.starts_with("-") || f.starts_with("=") || f.starts_with("_");
  }
  if (f.size() >= 10 && std::all_of(f.begin(), f.end(), [](char c) { return c == '_'; })) {
    return true;
  }
  if (f.ends_with("wrote:") || f.ends_with("書きました:") || f.ends_with("のメッセージ:"))
    return true;
  // Outlook: "From: ..." then "Sent: ..." / "Date: ..." without any marker.
  if (f.starts_with("from:") || f.starts_with("差出人:") || f.starts_with("送信者:")) {
    const std::string n = foldForMatch(next.substr(0, std::min<std::size_t>(next.size(), 40)));
    for (std::string_view h :
         {"sent:", "date:", "to:", "subject:", "送信日時:", "日付:", "宛先:", "件名:"}) {
      if (n.starts_with(h)) return true;
    }
  }
  return false;
}

// "none", "なし", "-", "n/a", "tbd", "未定": the vendor answered that there is nothing.
bool isNothing(std::string_view value) {
  const std::string f = foldForMatch(value.substr(0, std::min<std::size_t>(value.size(), 40)));
  if (f.empty()) return true;
  for (std::string_view w : {"-", "--", "n/a", "na", "none", "nothing", "no", "tbd", "tba", "なし",
                             "無し", "特になし", "未定", "該当なし", "-.", "—"}) {
    if (f == w) return true;
  }
  return false;
}

bool isUnknownAnswer(std::string_view value) {
  const std::string f = foldForMatch(value.substr(0, std::min<std::size_t>(value.size(), 40)));
  for (std::string_view w : {"unknown", "not known", "n/a", "-", "不明", "未確認", "調査中",
                             "わからない", "分からない", "tbd"}) {
    if (f.starts_with(w)) return true;
  }
  return false;
}

std::string shortQuote(std::string_view text) {
  std::string out;
  detail::appendBounded(out, trimSpace(text), kMaxQuotedInWarning);
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return "\"" + out + (trimSpace(text).size() > out.size() ? "...\"" : "\"");
}

// The advisory URL: http(s), no characters that could break out of HTML or a template.
std::optional<std::string> advisoryUrl(std::string_view value) {
  std::string_view v = trimSpace(value);
  const std::size_t space = v.find_first_of(" \t\n");
  if (space != std::string_view::npos) v = v.substr(0, space);
  if (v.starts_with("<")) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '>' || v.back() == '.' || v.back() == ',' || v.back() == ')')) {
    v.remove_suffix(1);
  }
  const std::string lower = foldForMatch(v.substr(0, std::min<std::size_t>(v.size(), 8)));
  std::size_t scheme = 0;
  if (lower.starts_with("https://")) scheme = 8;
  if (lower.starts_with("http://")) scheme = 7;
  if (scheme == 0 || v.size() <= scheme || v.size() > kMaxUrlBytes) return std::nullopt;
  const char host = v[scheme];
  if (!((host >= 'a' && host <= 'z') || (host >= 'A' && host <= 'Z') ||
        (host >= '0' && host <= '9') || host == '[' || static_cast<unsigned char>(host) >= 0x80)) {
    return std::nullopt;
  }
  for (char c : v) {
    if (c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '\'' ||
        static_cast<unsigned char>(c) < 0x21) {
      return std::nullopt;
    }
  }
  return std::string(v);
}

class ReplyReader {
 public:
  explicit ReplyReader(std::vector<std::string>* warnings) : warnings_(warnings) {}

  // Returns false once the rest of the body is the quoted original.
  bool line(std::string_view raw, std::string_view next) {
    std::string_view t = trimSpace(raw);
    if (t.starts_with(">")) {
      endField();
      return true;
    }
    if (startsQuotedOriginal(t, trimSpace(next))) return false;
    if (detail::isSignatureDelimiter(raw)) {
      signature_ = true;
      endField();
      return true;
    }
    if (signature_) return true;
    if (t.empty()) {
      afterBlank_ = true;
      if (!isLong(current_))
        endField();
      else
        pendingBlank_ = true;
      return true;
    }
    const bool paragraphStart = afterBlank_;
    afterBlank_ = false;
    if (t.starts_with("#") || t.starts_with("====")) {
      endField();
      return true;
    }
    if (const auto box = checkbox(t)) {
      endField();
      if (box->first) ticked(box->second);
      return true;
    }
    if (labelled(t)) return true;
    if (isLong(current_) && paragraphStart && detail::isLetterClosing(t)) endField();
    if (current_ == Field::None || current_ == Field::Ignore) return true;
    std::string& value = values_[index(current_)];
    const std::size_t max = isLong(current_) ? kMaxLongFieldBytes : kMaxShortFieldBytes;
    if (!value.empty()) {
      detail::appendBounded(value, isLong(current_) ? (pendingBlank_ ? "\n\n" : "\n") : " ", max);
    }
    append(current_, isLong(current_) ? raw : t);
    pendingBlank_ = false;
    return true;
  }

  VendorReply finish() {
    VendorReply r;
    r.warnings = std::move(*warnings_);
    auto& w = r.warnings;
    for (std::size_t f = 0; f < kFields; ++f) {
      if (!values_[f].empty()) anything_ = true;
    }

    const std::string& actionText = value(Field::Action);
    if (!actionText.empty()) {
      if (const auto a = matchAction(actionText)) {
        actions_.push_back(*a);
      } else if (const auto s = parsePublicStatus(actionText)) {
        statuses_.push_back(*s);
      } else {
        w.push_back("answer not understood: " + shortQuote(actionText));
      }
    }
    const std::string& statusText = value(Field::Status);
    if (!statusText.empty()) {
      if (const auto s = parsePublicStatus(statusText)) {
        statuses_.push_back(*s);
      } else {
        w.push_back("status not understood: " + shortQuote(statusText) +
                    " (expected affected, affected investigating, not affected, not affected "
                    "investigating or information provided)");
      }
    }
    actions_ = distinct(actions_);
    statuses_ = distinct(statuses_);
    if (actions_.size() == 1) {
      r.action = actions_.front();
    } else if (actions_.size() > 1) {
      w.push_back("several answers ticked: none taken");
    }
    if (statuses_.size() == 1) {
      r.status = statuses_.front();
    } else if (statuses_.size() > 1) {
      w.push_back("several statuses given: none taken");
    }
    if (r.action == VendorAction::None && r.status) r.action = VendorAction::Statement;
    if (r.action == VendorAction::Statement && !r.status) {
      w.push_back("statement without a status");
    }

    r.fixPlan = std::string(trimSpace(value(Field::FixPlan)));
    r.schedule = std::string(trimSpace(value(Field::Schedule)));
    r.publicComment = std::string(trimSpace(value(Field::Comment)));

    const std::string& date = value(Field::PublicationDate);
    if (!isNothing(date)) {
      r.requestedPublicationDate = parseFormDate(date);
      if (!r.requestedPublicationDate) {
        w.push_back("publication date not understood: " + shortQuote(date) +
                    " (expected YYYY-MM-DD)");
      }
    }
    const std::string& url = value(Field::Url);
    if (!isNothing(url)) {
      if (auto u = advisoryUrl(url)) {
        r.advisoryUrl = std::move(*u);
      } else {
        w.push_back("advisory URL ignored: " + shortQuote(url) + " (only http and https)");
      }
    }
    const std::string& exploited = value(Field::Exploitation);
    r.exploitationObserved = parseConsent(exploited);
    if (r.exploitationObserved == Consent::Unknown && !isNothing(exploited) &&
        !isUnknownAnswer(exploited)) {
      w.push_back("exploitation answer not understood: " + shortQuote(exploited));
    }
    const std::string& fix = value(Field::FixAvailable);
    const Consent fixNow = parseConsent(fix);
    if (fixNow == Consent::Unknown && !isNothing(fix) && !isUnknownAnswer(fix)) {
      w.push_back("fix availability not understood: " + shortQuote(fix));
    }
    // Nothing to fix when no product is affected.
    r.fixAvailable = fixNow == Consent::Yes && r.status != PublicStatus::NotAffected &&
                     r.status != PublicStatus::NotAffectedInvestigating;

    SharedOrganisation org;
    org.name = nothingToEmpty(value(Field::ShareOrg));
    org.person = nothingToEmpty(value(Field::SharePerson));
    org.address = nothingToEmpty(value(Field::ShareAddress));
    if (!org.name.empty() || !org.person.empty() || !org.address.empty()) {
      if (org.name.empty() || org.address.empty()) {
        w.push_back("related organisation incomplete: its name and contact address are needed");
      }
      r.shareWith = std::move(org);
    }
    for (Field f : truncated_) {
      w.push_back(std::string(fieldName(f)) + " cut to its size limit");
    }
    if (!anything_) w.push_back("no filled-in reply form found (quoted lines are ignored)");
    return r;
  }

 private:
  static std::size_t index(Field f) { return static_cast<std::size_t>(f); }

  const std::string& value(Field f) const { return values_[index(f)]; }

  static std::string nothingToEmpty(std::string_view v) {
    return isNothing(v) ? std::string() : std::string(trimSpace(v));
  }

  template <class T>
  static std::vector<T> distinct(std::vector<T> v) {
    std::vector<T> out;
    for (const T& x : v) {
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    }
    return out;
  }

  void endField() {
    current_ = Field::None;
    pendingBlank_ = false;
  }

  void append(Field f, std::string_view text) {
    const std::size_t max = isLong(f) ? kMaxLongFieldBytes : kMaxShortFieldBytes;
    if (!detail::appendBounded(values_[index(f)], text, max) &&
        std::find(truncated_.begin(), truncated_.end(), f) == truncated_.end()) {
      truncated_.push_back(f);
    }
  }

  // A "key: value" line of the form: starts the field. False when the line is not one.
  bool labelled(std::string_view t) {
    const auto l = detail::splitLabel(t);
    if (!l) return false;
    const Field f = classifyLabel(l->label);
    if (f == Field::None) return false;
    if (l->question && f != Field::Exploitation && f != Field::FixAvailable) return false;
    current_ = f;
    pendingBlank_ = false;
    if (f == Field::Ignore) return true;
    std::string& v = values_[index(f)];
    if (!v.empty() && !l->value.empty()) {
      append(f, isLong(f) ? "\n\n" : " ");
    }
    append(f, l->value);
    return true;
  }

  void ticked(std::string_view text) {
    anything_ = true;
    if (const auto a = matchAction(text)) {
      actions_.push_back(*a);
    } else if (const auto s = parsePublicStatus(text)) {
      statuses_.push_back(*s);
    } else if (!labelled(text)) {
      warnings_->push_back("ticked line not understood: " + shortQuote(text));
    }
  }

 private:
  std::vector<std::string>* warnings_;
  Field current_ = Field::None;
  bool afterBlank_ = true;
  bool pendingBlank_ = false;
  bool signature_ = false;
  bool anything_ = false;
  std::array<std::string, kFields> values_;
  std::vector<VendorAction> actions_;
  std::vector<PublicStatus> statuses_;
  std::vector<Field> truncated_;
};

}  // namespace

std::optional<core::PublicStatus> parsePublicStatus(std::string_view text) {
  // The first non-blank line: what follows is commentary.
  std::string_view first = trimSpace(text);
  const std::size_t nl = first.find('\n');
  if (nl != std::string_view::npos) first = trimSpace(first.substr(0, nl));
  const std::string folded =
      foldForMatch(first.substr(0, std::min<std::size_t>(first.size(), 300)));
  if (folded.empty()) return std::nullopt;
  if (const auto byName = core::publicStatusFromName(folded)) return byName;
  // "affected / not affected": the choices were left in, nothing was chosen.
  std::optional<PublicStatus> found;
  std::size_t pos = 0;
  while (pos <= folded.size()) {
    std::size_t slash = folded.find('/', pos);
    if (slash == std::string::npos) slash = folded.size();
    const auto s = oneStatus(std::string_view(folded).substr(pos, slash - pos));
    if (pos == 0 && !s) return std::nullopt;
    if (s && found && *s != *found) return std::nullopt;
    if (s) found = s;
    pos = slash + 1;
  }
  return found;
}

std::optional<core::CivilDate> parseFormDate(std::string_view text) {
  const std::string f = foldForMatch(text.substr(0, std::min<std::size_t>(text.size(), 300)));
  const auto digits = [&](std::size_t at, std::size_t minLen, std::size_t maxLen,
                          std::size_t* len) {
    std::size_t n = 0;
    int v = 0;
    while (at + n < f.size() && n < maxLen && f[at + n] >= '0' && f[at + n] <= '9') {
      v = v * 10 + (f[at + n] - '0');
      ++n;
    }
    if (n < minLen || (at + n < f.size() && f[at + n] >= '0' && f[at + n] <= '9')) {
      *len = 0;
      return 0;
    }
    *len = n;
    return v;
  };
  const auto skipSpace = [&](std::size_t at) {
    while (at < f.size() && f[at] == ' ') ++at;
    return at;
  };
  // One separator; "年"/"月" go together, as do "-", "/" and ".".
  const auto separator = [&](std::size_t at, std::string_view kanji, std::size_t* len) {
    if (at < f.size() && (f[at] == '-' || f[at] == '/' || f[at] == '.')) {
      *len = 1;
      return true;
    }
    if (f.substr(at).starts_with(kanji)) {
      *len = kanji.size();
      return true;
    }
    return false;
  };
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] < '0' || f[i] > '9' || (i > 0 && f[i - 1] >= '0' && f[i - 1] <= '9')) continue;
    std::size_t len = 0;
    const int y = digits(i, 4, 4, &len);
    if (len == 0) continue;
    std::size_t at = skipSpace(i + len);
    if (!separator(at, "年", &len)) continue;
    at = skipSpace(at + len);
    const int m = digits(at, 1, 2, &len);
    if (len == 0) continue;
    at = skipSpace(at + len);
    if (!separator(at, "月", &len)) continue;
    at = skipSpace(at + len);
    const int d = digits(at, 1, 2, &len);
    if (len == 0) continue;
    const core::CivilDate date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                               std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
  }
  return std::nullopt;
}

VendorReply parseVendorReply(std::string_view body) {
  std::vector<std::string> warnings;
  const std::string text = detail::formText(body, &warnings);
  const std::string_view all = text;
  ReplyReader reader(&warnings);
  std::size_t pos = 0;
  while (pos < all.size()) {
    std::size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    const std::string_view current = all.substr(pos, nl - pos);
    std::string_view next;
    if (nl < all.size()) {
      const std::size_t nextEnd = all.find('\n', nl + 1);
      next =
          all.substr(nl + 1, (nextEnd == std::string_view::npos ? all.size() : nextEnd) - nl - 1);
    }
    if (!reader.line(current, next)) break;
    pos = nl + 1;
  }
  return reader.finish();
}

std::string blankVendorReplyForm(std::string_view language, std::string_view caseId,
                                 std::string_view reference) {
  std::string form(language == "ja" ? kFormJa : kFormEn);
  // Comment lines to the parser, but part of the signed text of a signed reply: they tie
  // that signature to this case and this notice (core/replay.hpp).
  std::string lines;
  if (!caseId.empty())
    lines += language == "ja" ? "# 識別番号: " + std::string(caseId) +
                                    "（この行は消さずにご返信くださいますようお願いいたします。"
                                    "署名付きのご回答をこの案件に結び付けます）\n"
                              : "# Case: " + std::string(caseId) +
                                    " (keep this line: it ties a signed answer to this case)\n";
  if (!reference.empty())
    lines += std::string(language == "ja" ? "# 参照番号: " : "# Reference: ") +
             std::string(reference) + "\n";
  form.insert(form.find('\n') + 1, lines);
  return form;
}

std::optional<std::string> replyFormReference(std::string_view body) {
  // Quoted or not, with or without the comment mark: the reference is a token no prose
  // contains by chance, and only a reply that kept it can carry it.
  for (std::string_view label : {std::string_view("Reference:"), std::string_view("参照番号:")}) {
    for (std::size_t at = body.find(label); at != std::string_view::npos;
         at = body.find(label, at + 1)) {
      std::size_t pos = at + label.size();
      while (pos < body.size() && body[pos] == ' ') ++pos;
      std::size_t end = pos;
      while (end < body.size() &&
             ((body[end] >= 'a' && body[end] <= 'z') || (body[end] >= '2' && body[end] <= '7')))
        ++end;
      if (end - pos == 16) return std::string(body.substr(pos, 16));
    }
  }
  return std::nullopt;
}

}  // namespace cvdd::parsers
