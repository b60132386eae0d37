#include "store/case_summary_decoder.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "store/record_names.hpp"

namespace cvdd::store::codec {
namespace {

using nlohmann::json;

template <class Enum, std::size_t N>
Enum named(const std::string& name, const std::array<Enum, N>& all,
           std::string_view (*nameOf)(Enum), std::string_view what) {
  for (Enum candidate : all) {
    if (nameOf(candidate) == name) return candidate;
  }
  throw std::invalid_argument("unknown " + std::string(what) + " \"" + name + "\"");
}

core::CivilDate dateNamed(const std::string& text) {
  const auto date = core::parseDate(text);
  if (!date) throw std::invalid_argument("malformed date \"" + text + "\"");
  return *date;
}

// Fills a CaseSummary straight from the parser's events: `case list` decodes every summary
// of the store, and building a JSON document per record first cost more than the listing.
class SummaryEvents : public nlohmann::json_sax<json> {
 public:
  CaseSummary summary;

  void checkComplete() const {
    static constexpr std::array kRequired{"id",         "state",    "reporter", "subject",
                                          "receivedAt", "language", "messages"};
    for (std::size_t i = 0; i < kRequired.size(); ++i) {
      if ((seen_ & (1u << i)) == 0)
        throw std::invalid_argument(std::string("missing field \"") + kRequired[i] + "\"");
    }
  }

  bool null() override {
    if (depth_ == 2 && (key_ == "nextDeadline" || key_ == "decisions"))
      throw std::invalid_argument("field \"" + key_ + "\" holds a null element");
    if (depth_ != 1) return true;
    if (key_ == "stage" || key_ == "nextDeadline" || key_ == "publicationDate") return true;
    return wrongType("null");
  }
  bool boolean(bool) override { return depth_ != 1 || wrongType("a boolean"); }
  bool number_integer(number_integer_t value) override { return integer(value); }
  bool number_unsigned(number_unsigned_t value) override {
    return integer(static_cast<std::int64_t>(value));
  }
  bool number_float(number_float_t, const string_t&) override {
    return depth_ != 1 || wrongType("a fraction");
  }
  bool binary(binary_t&) override { return wrongType("binary"); }
  bool string(string_t& value) override {
    if (depth_ == 2 && key_ == "nextDeadline") {
      auto& d = next();
      if (index_ == 0) d.kind = named(value, kDeadlineKinds, core::deadlineKindName, "kind");
      if (index_ == 1) d.vendorId = std::move(value);
      if (index_ == 2) d.date = dateNamed(value);
      ++index_;
      return true;
    }
    if (depth_ == 2 && key_ == "decisions") {
      summary.decisions.push_back(std::move(value));
      return true;
    }
    if (depth_ != 1) return true;
    if (key_ == "id") return take(0, summary.id, value);
    if (key_ == "state")
      return mark(1, summary.state = named(value, kCaseStates, core::caseStateName, "state"));
    if (key_ == "reporter") return take(2, summary.reporter, value);
    if (key_ == "subject") return take(3, summary.subject, value);
    if (key_ == "language")
      return mark(5, summary.language = named(value, kLanguages, core::languageCode, "language"));
    if (key_ == "stage") {
      summary.stage = named(value, kCaseStages, core::caseStageName, "case stage");
      return true;
    }
    if (key_ == "publicationDate") {
      summary.publicationDate = dateNamed(value);
      return true;
    }
    return wrongType("a string");
  }
  bool start_object(std::size_t) override {
    ++depth_;
    return depth_ == 1 || depth_ > 2 || wrongType("an object");
  }
  bool key(string_t& value) override {
    if (depth_ == 1) key_ = std::move(value);
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    index_ = 0;
    if (depth_ == 2 && (key_ == "nextDeadline" || key_ == "decisions")) return true;
    return depth_ > 2 || wrongType("an array");
  }
  bool end_array() override {
    if (depth_ == 2 && key_ == "nextDeadline" && index_ != 4)
      throw std::invalid_argument("nextDeadline needs [kind, vendorId, date, due]");
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    throw std::invalid_argument(e.what());
  }

 private:
  core::Deadline& next() {
    if (!summary.nextDeadline) summary.nextDeadline.emplace();
    return *summary.nextDeadline;
  }
  bool integer(std::int64_t value) {
    if (depth_ == 2 && key_ == "nextDeadline" && index_ == 3) {
      next().due = core::Timestamp{std::chrono::seconds{value}};
      ++index_;
      return true;
    }
    if (depth_ != 1) return true;
    if (key_ == "receivedAt") {
      summary.receivedAt = core::Timestamp{std::chrono::seconds{value}};
      return mark(4, true);
    }
    if (key_ == "messages") {
      summary.messages = static_cast<std::size_t>(value);
      return mark(6, true);
    }
    if (key_ == "vendorsWaiting") {
      summary.vendorsWaiting = static_cast<std::size_t>(value);
      return true;
    }
    return wrongType("a number");
  }
  bool take(unsigned bit, std::string& field, std::string& value) {
    field = std::move(value);
    return mark(bit, true);
  }
  template <class T>
  bool mark(unsigned bit, const T&) {
    seen_ |= 1u << bit;
    return true;
  }
  // Only fields the summary knows are type-checked; an unknown one is skipped whole.
  bool wrongType(const char* what) const {
    static constexpr std::array kKnown{
        "id",       "state", "reporter",     "subject",        "receivedAt",      "language",
        "messages", "stage", "nextDeadline", "vendorsWaiting", "publicationDate", "decisions"};
    for (const char* known : kKnown) {
      if (key_ == known) throw std::invalid_argument("field \"" + key_ + "\" holds " + what);
    }
    return true;
  }

  int depth_ = 0;
  std::string key_;
  std::size_t index_ = 0;
  unsigned seen_ = 0;
};

}  // namespace

CaseSummary decodeCaseSummaryEvents(std::string_view text) {
  SummaryEvents events;
  json::sax_parse(text.begin(), text.end(), &events);
  events.checkComplete();
  return std::move(events.summary);
}

}  // namespace cvdd::store::codec
