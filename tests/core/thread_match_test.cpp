#include "core/thread_match.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace cvdd::core;

namespace {

ThreadLookups lookups() {
  static const std::map<std::string, std::string, std::less<>> tokens = {{"good", "CVD#00000001"}};
  static const std::map<std::string, std::string, std::less<>> sent = {
      {"CVD-00000002.ack@cert.example", "CVD#00000002"}};
  ThreadLookups l;
  l.caseForToken = [](std::string_view t) -> std::optional<std::string> {
    auto it = tokens.find(t);
    return it == tokens.end() ? std::nullopt : std::optional(it->second);
  };
  l.caseForSentMessage = [](std::string_view id) -> std::optional<std::string> {
    auto it = sent.find(id);
    return it == sent.end() ? std::nullopt : std::optional(it->second);
  };
  l.caseExists = [](std::string_view id) { return id.starts_with("CVD#0000000"); };
  return l;
}

}  // namespace

TEST(MatchThread, TokenBeatsReferencesBeatsSubject) {
  ThreadClues clues{{"good"}, {"CVD-00000002.ack@cert.example"}, "Re: [CVD#00000003]"};
  auto m = matchThread(clues, "CVD", lookups());
  EXPECT_EQ(m.caseId, "CVD#00000001");
  EXPECT_EQ(m.by, MatchedBy::ReplyToken);

  clues.replyTokens.clear();
  m = matchThread(clues, "CVD", lookups());
  EXPECT_EQ(m.caseId, "CVD#00000002");
  EXPECT_EQ(m.by, MatchedBy::References);

  clues.references.clear();
  m = matchThread(clues, "CVD", lookups());
  EXPECT_EQ(m.caseId, "CVD#00000003");
  EXPECT_EQ(m.by, MatchedBy::Subject);
  EXPECT_FALSE(m.forgedToken);
}

TEST(MatchThread, AForgedTokenIsFlaggedButOtherCluesStillThread) {
  ThreadClues clues{{"forged"}, {}, "Re: [CVD#00000003] x"};
  auto m = matchThread(clues, "CVD", lookups());
  EXPECT_TRUE(m.forgedToken);
  EXPECT_EQ(m.caseId, "CVD#00000003");
}

TEST(MatchThread, UnknownCaseIdInTheSubjectMatchesNothing) {
  ThreadClues clues{{}, {"someone-else@example"}, "Re: [CVD#99999999]"};
  auto m = matchThread(clues, "CVD", lookups());
  EXPECT_FALSE(m.caseId);
  EXPECT_EQ(m.by, MatchedBy::None);
}
