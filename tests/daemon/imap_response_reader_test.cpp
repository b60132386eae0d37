#include "daemon/imap_response_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dovecot_transcript.hpp"

using namespace cvdd;
using daemon::Response;
using daemon::ResponseKind;
using daemon::ResponseReader;

namespace {

std::string wholeSession() {
  std::string all;
  for (const auto& step : test::kDovecotSession) all += step.server;
  return all;
}

// Feeds `chunks` one after another, collecting every response; fails the test on error.
std::vector<Response> readAll(const std::vector<std::string_view>& chunks,
                              daemon::ReaderLimits limits = {}) {
  ResponseReader reader(limits);
  std::vector<Response> out;
  for (auto chunk : chunks) {
    reader.feed(chunk);
    for (;;) {
      auto next = reader.next();
      EXPECT_TRUE(next.has_value()) << (next ? "" : next.error().what);
      if (!next || !*next) break;
      out.push_back(std::move(**next));
    }
  }
  EXPECT_EQ(reader.pending(), 0u);
  return out;
}

// The error the reader reports for input, fed whole.
core::Error errorFor(std::string_view input, daemon::ReaderLimits limits = {}) {
  ResponseReader reader(limits);
  reader.feed(input);
  for (;;) {
    auto next = reader.next();
    if (!next) return next.error();
    if (!*next) return {core::Errc::NotFound, "", "no error: the reader wants more bytes"};
  }
}

bool sameResponses(const std::vector<Response>& a, const std::vector<Response>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].tag != b[i].tag || a[i].lines != b[i].lines ||
        a[i].literals != b[i].literals)
      return false;
  return true;
}

}  // namespace

TEST(ResponseReader, SplitsARecordedDovecotSessionIntoResponses) {
  std::string session = wholeSession();
  auto responses = readAll({session});
  ASSERT_EQ(responses.size(), 39u);

  EXPECT_EQ(responses[0].kind, ResponseKind::Untagged);
  EXPECT_TRUE(responses[0].lines[0].starts_with("OK [CAPABILITY IMAP4rev1 "));
  EXPECT_EQ(responses[1].kind, ResponseKind::Tagged);
  EXPECT_EQ(responses[1].tag, "a1");
  EXPECT_TRUE(responses[1].lines[0].starts_with("OK [CAPABILITY"));

  // a7: the message as a literal between two lines of one response.
  auto body = std::find_if(responses.begin(), responses.end(), [](const Response& r) {
    return r.lines[0] == "1 FETCH (UID 1 BODY[] {664}";
  });
  ASSERT_NE(body, responses.end());
  ASSERT_EQ(body->literals.size(), 1u);
  EXPECT_EQ(body->literals[0].size(), 664u);
  EXPECT_TRUE(body->literals[0].starts_with("Return-Path: <reporter@example.org>\r\n"));
  EXPECT_TRUE(body->literals[0].ends_with("\r\n\r\nhello\r\n\r\n\r\n"));
  EXPECT_EQ(body->lines, (std::vector<std::string>{"1 FETCH (UID 1 BODY[] {664}", ")"}));

  // IDLE: the continuation, then what woke it.
  auto idling = std::find_if(responses.begin(), responses.end(), [](const Response& r) {
    return r.kind == ResponseKind::Continuation;
  });
  ASSERT_NE(idling, responses.end());
  EXPECT_EQ(idling->lines[0], "idling");
  EXPECT_EQ((idling + 1)->lines[0], "2 EXISTS");
  EXPECT_EQ(responses.back().tag, "b6");
}

TEST(ResponseReader, GivesTheSameResponsesWhateverByteTheReadsSplitAt) {
  std::string session = wholeSession();
  auto expected = readAll({session});
  std::string_view all = session;
  for (std::size_t cut = 0; cut <= all.size(); ++cut) {
    auto split = readAll({all.substr(0, cut), all.substr(cut)});
    ASSERT_TRUE(sameResponses(split, expected)) << "split at byte " << cut;
  }
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < all.size(); ++i) bytes.push_back(all.substr(i, 1));
  EXPECT_TRUE(sameResponses(readAll(bytes), expected));
}

TEST(ResponseReader, AcceptsBareLineFeedsAndEmptyLiterals) {
  auto responses = readAll({"* 1 FETCH (BODY[] {0}\r\n)\r\na1 OK done\n+\r\n"});
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[0].literals, std::vector<std::string>{""});
  EXPECT_EQ(responses[1].lines[0], "OK done");
  EXPECT_EQ(responses[2].kind, ResponseKind::Continuation);
  EXPECT_EQ(responses[2].lines[0], "");
}

TEST(ResponseReader, KeepsAnIncompleteResponseUntilTheRestArrives) {
  ResponseReader reader;
  reader.feed("* 1 FETCH (BODY[] {5}\r\nab");
  auto first = reader.next();
  ASSERT_TRUE(first);
  EXPECT_FALSE(*first);
  EXPECT_EQ(reader.pending(), 25u);  // everything fed so far
  reader.feed("c\r\n)\r\n");
  auto second = reader.next();
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->literals[0], "abc\r\n");
}

TEST(ResponseReader, RefusesALiteralAboveTheLimitBeforeAllocatingIt) {
  auto huge = errorFor("* 1 FETCH (BODY[] {99999999999999999999999}\r\n");
  EXPECT_EQ(huge.code, core::Errc::LimitExceeded);
  EXPECT_NE(huge.what.find("literal of 99999999999999999999999 bytes"), std::string::npos);

  auto big = errorFor("* 1 FETCH (BODY[] {268435457}\r\n");  // 256 MiB + 1
  EXPECT_EQ(big.code, core::Errc::LimitExceeded);
  EXPECT_NE(big.what.find("268435456-byte literal limit"), std::string::npos);

  auto small = errorFor("* 1 FETCH (BODY[] {11}\r\n", {.maxLiteralBytes = 10});
  EXPECT_EQ(small.code, core::Errc::LimitExceeded);
  EXPECT_EQ(small.where, "server stream @ byte 0");
}

TEST(ResponseReader, RefusesLinesOverTheLimitTerminatedOrNot) {
  daemon::ReaderLimits limits{.maxLineBytes = 16};
  auto unterminated = errorFor(std::string(17, 'x'), limits);
  EXPECT_EQ(unterminated.code, core::Errc::LimitExceeded);
  EXPECT_NE(unterminated.what.find("unterminated line"), std::string::npos);
  EXPECT_EQ(errorFor("* " + std::string(15, 'x') + "\r\n", limits).code, core::Errc::LimitExceeded);
  // Up to the limit is fine, and an unterminated line below it just waits.
  EXPECT_EQ(readAll({"* " + std::string(14, 'x') + "\r\n"}, limits).size(), 1u);
  EXPECT_EQ(errorFor(std::string(16, 'x'), limits).code, core::Errc::NotFound);
}

TEST(ResponseReader, RefusesAResponseWhoseLiteralsTogetherExceedTheLimit) {
  daemon::ReaderLimits limits{.maxLiteralBytes = 10, .maxResponseBytes = 40};
  std::string many = "* 1 FETCH (A {10}\r\n0123456789 B {10}\r\n0123456789 C {10}\r\n";
  auto error = errorFor(many, limits);
  EXPECT_EQ(error.code, core::Errc::LimitExceeded);
  EXPECT_NE(error.what.find("40-byte response limit"), std::string::npos);
}

TEST(ResponseReader, RefusesResponsesWithoutTagAndStaysFailed) {
  EXPECT_EQ(errorFor("\r\n").code, core::Errc::Io);
  EXPECT_EQ(errorFor("*\r\n").code, core::Errc::Io);
  EXPECT_EQ(errorFor("a1\r\n").code, core::Errc::Io);
  EXPECT_EQ(errorFor("a(1 OK\r\n").code, core::Errc::Io);

  ResponseReader reader;
  reader.feed("* OK fine\r\n\r\n* OK lost\r\n");
  EXPECT_TRUE(reader.next());
  auto error = reader.next();
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().where, "server stream @ byte 11");
  reader.feed("* OK more\r\n");
  EXPECT_FALSE(reader.next());  // a broken stream cannot be resynchronised
}
