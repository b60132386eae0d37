// Golden messages: every data/*.eml parses to exactly the data/*.json next to it.
// CVDD_UPDATE_GOLDEN=1 rewrites the .json files (review the diff before committing).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "parsers/parsed_message.hpp"
#include "test_support.hpp"

namespace cvdd::parsers {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

const std::string kData = CVDD_PARSERS_DATA_DIR;

ordered_json mailboxesJson(const std::vector<Mailbox>& boxes) {
  ordered_json out = ordered_json::array();
  for (const auto& box : boxes)
    out.push_back({{"name", box.displayName}, {"address", box.address}});
  return out;
}

ordered_json toJson(const core::Result<ParsedMessage>& result) {
  if (!result) {
    return {{"error", {{"where", result.error().where}, {"what", result.error().what}}}};
  }
  const ParsedMessage& m = *result;
  return {{"from", mailboxesJson(m.from)},
          {"to", mailboxesJson(m.to)},
          {"cc", mailboxesJson(m.cc)},
          {"bcc", mailboxesJson(m.bcc)},
          {"replyTo", mailboxesJson(m.replyTo)},
          {"subject", m.subject},
          {"messageId", m.messageId},
          {"inReplyTo", m.inReplyTo},
          {"references", m.references},
          {"date", m.date},
          {"autoSubmitted", m.autoSubmitted},
          {"bodyText", m.bodyText},
          {"bodyCharset", m.bodyCharset},
          {"warnings", m.warnings}};
}

std::vector<std::string> goldenNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (entry.path().extension() == ".eml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedJson) {
  const std::string raw = test::readFile(kData + "/" + GetParam() + ".eml");
  ASSERT_FALSE(raw.empty());
  const ordered_json actual = toJson(parseMessage(raw));
  const std::string jsonPath = kData + "/" + GetParam() + ".json";
  if (std::getenv("CVDD_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(jsonPath) << actual.dump(2) << "\n";
  }
  const std::string expected = test::readFile(jsonPath);
  ASSERT_FALSE(expected.empty()) << "no " << jsonPath;
  EXPECT_EQ(actual, ordered_json::parse(expected)) << actual.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Data, Golden, ::testing::ValuesIn(goldenNames()),
                         [](const auto& p) { return p.param; });

TEST(GoldenInventory, CoversTheRequiredCases) {
  const auto names = goldenNames();
  for (const char* required : {"iso2022jp", "shift_jis", "euc_jp", "utf8_base64", "qp_latin1",
                               "alternative", "nested", "missing_boundary", "bad_base64",
                               "nul_bytes", "eight_bit_headers", "no_headers", "deep_nesting"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
}

}  // namespace
}  // namespace cvdd::parsers
