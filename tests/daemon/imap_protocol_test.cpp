#include "daemon/imap_protocol.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dovecot_transcript.hpp"

using namespace cvdd::daemon;
using cvdd::core::Errc;

namespace {

// The responses of one server string, which must hold only whole responses.
std::vector<Response> responses(std::string_view server) {
  ResponseReader reader;
  reader.feed(server);
  std::vector<Response> out;
  for (;;) {
    auto next = reader.next();
    if (!next) ADD_FAILURE() << next.error().what;
    if (!next || !*next) break;
    out.push_back(std::move(**next));
  }
  return out;
}

Response one(std::string_view server) {
  auto all = responses(server);
  EXPECT_EQ(all.size(), 1u) << server;
  return all.empty() ? Response{} : all.front();
}

// The recorded server answer to the client line starting with `client`.
std::string_view answerTo(std::string_view client) {
  for (const auto& step : cvdd::test::kDovecotSession)
    if (step.client.starts_with(client)) return step.server;
  ADD_FAILURE() << "no step " << client;
  return {};
}

}  // namespace

TEST(ImapProtocol, ReadsConditionsCodesAndText) {
  auto greeting = one(answerTo(""));
  EXPECT_EQ(conditionOf(greeting), Condition::Ok);
  EXPECT_EQ(responseCode(greeting)->name, "CAPABILITY");
  EXPECT_EQ(statusText(greeting), "Dovecot (Debian) ready.");

  auto clientBug = responses(answerTo("a3 STATUS"));
  ASSERT_EQ(clientBug.size(), 2u);
  EXPECT_EQ(conditionOf(clientBug[0]), Condition::None);  // "* STATUS ..." is data
  EXPECT_EQ(responseCode(clientBug[1])->name, "CLIENTBUG");

  auto refused = responses(answerTo("b5 SELECT"));
  EXPECT_EQ(conditionOf(refused[1]), Condition::No);
  EXPECT_FALSE(responseCode(refused[1]));
  EXPECT_EQ(statusText(refused[1]), "Mailbox doesn't exist: NoSuchBox (0.001 + 0.000 secs).");

  auto bye = responses(answerTo("b6 LOGOUT"));
  EXPECT_EQ(conditionOf(bye[0]), Condition::Bye);
  EXPECT_EQ(conditionOf(one("a1 bad whatever\r\n")), Condition::Bad);
  EXPECT_EQ(conditionOf(one("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n")), Condition::Preauth);
  EXPECT_EQ(conditionOf(one("+ idling\r\n")), Condition::None);
}

TEST(ImapProtocol, DescribesStatusResponsesForErrorMessages) {
  EXPECT_EQ(describeStatus(one("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")),
            "NO [AUTHENTICATIONFAILED] Authentication failed.");
  EXPECT_EQ(describeStatus(responses(answerTo("b6 LOGOUT"))[0]), "BYE Logging out");
  EXPECT_EQ(describeStatus(one("a2 bad\r\n")), "BAD");
  EXPECT_EQ(describeStatus(one("a3 no [X\x01Y] t\x02\r\n")), "NO [X?Y] t?");
}

TEST(ImapProtocol, StatusTextIsPrintableAndShort) {
  auto hostile = one("a1 NO [ALERT] \x1b[31mred\x7f " + std::string(300, 'x') + "\r\n");
  std::string text = statusText(hostile);
  EXPECT_TRUE(text.starts_with("?[31mred? xxx"));
  EXPECT_EQ(text.size(), 203u);
  EXPECT_TRUE(text.ends_with("..."));
}

TEST(ImapProtocol, ReadsCapabilitiesFromCodesAndCapabilityResponses) {
  auto beforeLogin = capabilitiesOf(one(answerTo("")));
  ASSERT_TRUE(beforeLogin);
  EXPECT_EQ(beforeLogin->front(), "IMAP4REV1");
  EXPECT_NE(std::find(beforeLogin->begin(), beforeLogin->end(), "AUTH=PLAIN"), beforeLogin->end());

  auto afterLogin = capabilitiesOf(one(answerTo("a1 LOGIN")));
  ASSERT_TRUE(afterLogin);
  EXPECT_NE(std::find(afterLogin->begin(), afterLogin->end(), "IDLE"), afterLogin->end());

  auto asked = responses(answerTo("b4 CAPABILITY"));
  ASSERT_TRUE(capabilitiesOf(asked[0]));
  EXPECT_EQ(*capabilitiesOf(asked[0]), *afterLogin);
  EXPECT_FALSE(capabilitiesOf(asked[1]));

  EXPECT_EQ(capabilitiesOf(one("* capability imap4rev1 starttls\r\n")),
            (std::vector<std::string>{"IMAP4REV1", "STARTTLS"}));
  EXPECT_EQ(capabilitiesOf(one("* CAPABILITY\r\n")), std::vector<std::string>{});
  EXPECT_FALSE(capabilitiesOf(one("* OK [UIDVALIDITY 3] x\r\n")));
}

TEST(ImapProtocol, FindsUidValidityAndMailboxEventsInASelect) {
  std::optional<std::uint64_t> validity;
  std::vector<MailboxEvent> events;
  for (const auto& response : responses(answerTo("a2 SELECT"))) {
    if (auto v = uidValidityOf(response)) validity = v;
    if (auto e = mailboxEventOf(response)) events.push_back(*e);
  }
  EXPECT_EQ(validity, 1796619836u);
  EXPECT_EQ(events, (std::vector<MailboxEvent>{MailboxEvent::Exists, MailboxEvent::Recent}));

  EXPECT_EQ(mailboxEventOf(one("* 4 expunge\r\n")), MailboxEvent::Expunge);
  EXPECT_EQ(mailboxEventOf(one("* 2 FETCH (FLAGS (\\Seen))\r\n")), MailboxEvent::Fetch);
  EXPECT_FALSE(mailboxEventOf(one("* OK Still here\r\n")));
  EXPECT_FALSE(mailboxEventOf(one("* SEARCH 2 EXISTS\r\n")));
  EXPECT_FALSE(mailboxEventOf(one("a1 2 EXISTS\r\n")));  // tagged: not a mailbox event
  EXPECT_FALSE(uidValidityOf(one("* NO [UIDVALIDITY 3] x\r\n")));
  EXPECT_FALSE(uidValidityOf(one("* OK [UIDVALIDITY x] x\r\n")));
}

TEST(ImapProtocol, ReadsSearchResults) {
  EXPECT_EQ(searchResultsOf(responses(answerTo("a5 UID SEARCH"))[0]),
            std::vector<std::uint64_t>{1});
  EXPECT_EQ(searchResultsOf(one("* SEARCH\r\n")), std::vector<std::uint64_t>{});
  EXPECT_EQ(searchResultsOf(one("* search 9 3 7\r\n")), (std::vector<std::uint64_t>{9, 3, 7}));
  EXPECT_EQ(searchResultsOf(one("* SEARCH 5 junk 6\r\n")), std::vector<std::uint64_t>{5});
  EXPECT_FALSE(searchResultsOf(one("a5 SEARCH 1\r\n")));
  EXPECT_FALSE(searchResultsOf(one("* OK SEARCH 1\r\n")));
}

TEST(ImapProtocol, ReadsFetchSizesBodiesAndPartialHeaders) {
  auto sizes = responses(answerTo("b2 UID FETCH"));
  auto first = parseFetch(sizes[0]);
  auto second = parseFetch(sizes[1]);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->sequence, 1u);
  EXPECT_EQ(first->uid, 1u);
  EXPECT_EQ(first->size, 664u);
  EXPECT_EQ(second->uid, 2u);
  EXPECT_EQ(second->size, 665u);

  auto body = parseFetch(responses(answerTo("a7 UID FETCH"))[0]);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->uid, 1u);
  ASSERT_TRUE(body->sections.contains(""));
  EXPECT_EQ(body->sections.at("").size(), 664u);

  auto header = parseFetch(responses(answerTo("a8 UID FETCH"))[0]);
  ASSERT_TRUE(header);
  ASSERT_TRUE(header->sections.contains("HEADER"));
  EXPECT_EQ(header->sections.at("HEADER").size(), 653u);
  EXPECT_TRUE(header->sections.at("HEADER").ends_with("swaks/\r\n\r\n"));
}

TEST(ImapProtocol, SkipsFetchItemsItDoesNotNeed) {
  auto data = parseFetch(
      one("* 3 FETCH (FLAGS (\\Seen $CvddAccepted) MODSEQ (12) INTERNALDATE \"07-Dec-2026 05:03:56 "
          "+0000\" BODY[HEADER.FIELDS (FROM TO)] {4}\r\nab\r\n BODY[TEXT] NIL "
          "BODYSTRUCTURE (\"text\" \"plain\" NIL) UID 9 RFC822.SIZE 12 BODY[] \"q\\\"x\")\r\n"));
  ASSERT_TRUE(data) << data.error().what;
  EXPECT_EQ(data->sequence, 3u);
  EXPECT_EQ(data->uid, 9u);
  EXPECT_EQ(data->size, 12u);
  EXPECT_EQ(data->sections.at("HEADER.FIELDS (FROM TO)"), "ab\r\n");
  EXPECT_FALSE(data->sections.contains("TEXT"));
  EXPECT_EQ(data->sections.at(""), "q\"x");
  EXPECT_EQ(data->flags, (std::vector<std::string>{"\\Seen", "$CvddAccepted"}));
}

TEST(ImapProtocol, ReadsFlagsEmptyOrNot) {
  auto none = parseFetch(one("* 4 FETCH (UID 10 RFC822.SIZE 5 FLAGS ())\r\n"));
  ASSERT_TRUE(none) << none.error().what;
  EXPECT_TRUE(none->flags.empty());
  auto some = parseFetch(one("* 4 FETCH (FLAGS (\\Recent $cvddaccepted) UID 10)\r\n"));
  ASSERT_TRUE(some) << some.error().what;
  EXPECT_EQ(some->flags, (std::vector<std::string>{"\\Recent", "$cvddaccepted"}));
  EXPECT_TRUE(hasFlag(*some, "$CvddAccepted"));
  EXPECT_FALSE(hasFlag(*none, "$CvddAccepted"));
  EXPECT_EQ(some->uid, 10u);
  EXPECT_FALSE(parseFetch(one("* 4 FETCH (FLAGS \\Seen)\r\n")));
}

TEST(ImapProtocol, RefusesMalformedFetchResponses) {
  for (std::string_view hostile : {
           "* 1 FETCH UID 1\r\n",            // no parenthesised list
           "* 1 FETCH (UID one)\r\n",        // not a number
           "* 1 FETCH (UID 1\r\n",           // unterminated
           "* 1 FETCH (FLAGS (\\Seen)\r\n",  // unterminated after a nested list
           "* 1 FETCH (BODY[] \"abc)\r\n",   // unterminated quoted string
           "* 1 FETCH (BODY[] (x))\r\n",     // a list is no string
           "* 1 FETCH (UID 99999999999999999999999)\r\n",
       }) {
    auto data = parseFetch(one(hostile));
    ASSERT_FALSE(data) << hostile;
    EXPECT_EQ(data.error().code, Errc::Io);
    EXPECT_EQ(data.error().where, "FETCH response");
  }
  EXPECT_FALSE(parseFetch(one("* 1 EXISTS\r\n")));
}

TEST(ImapProtocol, QuotesWhatItCanAndSendsTheRestAsLiterals) {
  EXPECT_TRUE(quotable("vendors@cert.example"));
  EXPECT_TRUE(quotable("pa\"ss\\word"));
  EXPECT_FALSE(quotable("caf\xc3\xa9"));
  EXPECT_FALSE(quotable(std::string_view("a\0b", 3)));
  EXPECT_FALSE(quotable("a\r\nb"));
  EXPECT_EQ(quoted("pa\"ss\\word"), "\"pa\\\"ss\\\\word\"");

  EXPECT_EQ(commandChunks("a1", "LOGIN", {"user", "pw"}),
            std::vector<std::string>{"a1 LOGIN \"user\" \"pw\"\r\n"});
  EXPECT_EQ(commandChunks("a2", "LOGIN", {"user", "caf\xc3\xa9", "x"}),
            (std::vector<std::string>{"a2 LOGIN \"user\" {5}\r\n", "caf\xc3\xa9 \"x\"\r\n"}));
  EXPECT_EQ(commandChunks("a3", "NOOP"), std::vector<std::string>{"a3 NOOP\r\n"});
}

TEST(ImapProtocol, WritesUidsAsRangesSplitToALength) {
  EXPECT_EQ(uidSets({1, 2, 3, 5, 7, 8, 9, 12}, 100), std::vector<std::string>{"1:3,5,7:9,12"});
  EXPECT_EQ(uidSets({1, 2, 3, 5, 7, 8, 9, 12}, 5),
            (std::vector<std::string>{"1:3,5", "7:9", "12"}));
  EXPECT_EQ(uidSets({42}, 1), std::vector<std::string>{"42"});  // never splits a range
  EXPECT_EQ(uidSets({}, 10), std::vector<std::string>{});
}
