#pragma once
// What a real Dovecot 2.3.19 sent cvdd-like commands over one session (recorded from the
// tests/integration/mailstack.py stack; the password was replaced): the server's bytes
// after each client line, in order.

#include <string_view>

namespace cvdd::test {

struct TranscriptStep {
  std::string_view client;  // what the client sent (without CRLF); "" for the greeting
  std::string_view server;  // every byte the server answered with
};

inline constexpr TranscriptStep kDovecotSession[] = {
    {"",
     "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAI"
     "N AUTH=LOGIN] Dovecot (Debian) ready.\r\n"},
    {"a1 LOGIN \"vendors@cert.example\" \"secret\"",
     "a1 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY"
     " THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENAT"
     "E UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ES"
     "EARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PR"
     "EVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY] Logged in\r\n"},
    {"a2 SELECT \"INBOX\"",
     "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
     "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags perm"
     "itted.\r\n"
     "* 1 EXISTS\r\n"
     "* 1 RECENT\r\n"
     "* OK [UNSEEN 1] First unseen.\r\n"
     "* OK [UIDVALIDITY 1796619836] UIDs valid\r\n"
     "* OK [UIDNEXT 2] Predicted next UID\r\n"
     "a2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n"},
    {"a3 STATUS \"INBOX\" (UIDVALIDITY UIDNEXT)",
     "* STATUS INBOX (UIDNEXT 2 UIDVALIDITY 1796619836)\r\n"
     "a3 OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs).\r\n"},
    {"a4 NOOP", "a4 OK NOOP completed (0.001 + 0.000 secs).\r\n"},
    {"a5 UID SEARCH UID 1:*",
     "* SEARCH 1\r\n"
     "a5 OK Search completed (0.001 + 0.000 secs).\r\n"},
    {"a6 UID FETCH 1 (RFC822.SIZE)",
     "* 1 FETCH (UID 1 RFC822.SIZE 664)\r\n"
     "a6 OK Fetch completed (0.001 + 0.000 secs).\r\n"},
    {"a7 UID FETCH 1 BODY.PEEK[]",
     "* 1 FETCH (UID 1 BODY[] {664}\r\n"
     "Return-Path: <reporter@example.org>\r\n"
     "Delivered-To: vendors@cert.example\r\n"
     "Received: from mailstack.localhost ([127.0.0.1])\r\n"
     "\tby vm with LMTP\r\n"
     "\tid CP8JEjw+Fmv6RgAAg+zDdQ\r\n"
     "\t(envelope-from <reporter@example.org>)\r\n"
     "\tfor <vendors@cert.example>; Mon, 07 Dec 2026 05:03:56 +0000\r\n"
     "Received: from vm (localhost [127.0.0.1])\r\n"
     "\tby mailstack.localhost (Postfix) with ESMTP id 4023CA740F2\r\n"
     "\tfor <vendors@cert.example>; Mon,  7 Dec 2026 05:03:56 +0000 (UTC)\r\n"
     "Date: Mon, 07 Dec 2026 05:03:56 +0000\r\n"
     "To: vendors@cert.example\r\n"
     "From: reporter@example.org\r\n"
     "Subject: first\r\n"
     "Message-Id: <20261207050356.018176@vm>\r\n"
     "X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/\r\n"
     "\r\n"
     "hello\r\n"
     "\r\n"
     "\r\n"
     ")\r\n"
     "a7 OK Fetch completed (0.001 + 0.000 secs).\r\n"},
    {"a8 UID FETCH 1 BODY.PEEK[HEADER]<0.1048576>",
     "* 1 FETCH (UID 1 BODY[HEADER]<0> {653}\r\n"
     "Return-Path: <reporter@example.org>\r\n"
     "Delivered-To: vendors@cert.example\r\n"
     "Received: from mailstack.localhost ([127.0.0.1])\r\n"
     "\tby vm with LMTP\r\n"
     "\tid CP8JEjw+Fmv6RgAAg+zDdQ\r\n"
     "\t(envelope-from <reporter@example.org>)\r\n"
     "\tfor <vendors@cert.example>; Mon, 07 Dec 2026 05:03:56 +0000\r\n"
     "Received: from vm (localhost [127.0.0.1])\r\n"
     "\tby mailstack.localhost (Postfix) with ESMTP id 4023CA740F2\r\n"
     "\tfor <vendors@cert.example>; Mon,  7 Dec 2026 05:03:56 +0000 (UTC)\r\n"
     "Date: Mon, 07 Dec 2026 05:03:56 +0000\r\n"
     "To: vendors@cert.example\r\n"
     "From: reporter@example.org\r\n"
     "Subject: first\r\n"
     "Message-Id: <20261207050356.018176@vm>\r\n"
     "X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/\r\n"
     "\r\n"
     ")\r\n"
     "a8 OK Fetch completed (0.001 + 0.000 secs).\r\n"},
    {"a9 IDLE", "+ idling\r\n"},
    {"",
     "* 2 EXISTS\r\n"
     "* 2 RECENT\r\n"},
    {"DONE", "a9 OK Idle completed (4.633 + 4.632 + 4.632 secs).\r\n"},
    {"b1 UID SEARCH UID 2:*",
     "* SEARCH 2\r\n"
     "b1 OK Search completed (0.001 + 0.000 secs).\r\n"},
    {"b2 UID FETCH 1:2 (RFC822.SIZE)",
     "* 1 FETCH (UID 1 RFC822.SIZE 664)\r\n"
     "* 2 FETCH (UID 2 RFC822.SIZE 665)\r\n"
     "b2 OK Fetch completed (0.001 + 0.000 secs).\r\n"},
    {"b3 UID STORE 1 +FLAGS.SILENT ($CvddAccepted)",
     "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $CvddAccepted)\r\n"
     "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $CvddAccepted "
     "\\*)] Flags permitted.\r\n"
     "b3 OK Store completed (0.002 + 0.000 + 0.001 secs).\r\n"},
    {"b4 CAPABILITY",
     "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THRE"
     "AD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNS"
     "ELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH"
     " ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW"
     "=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY\r\n"
     "b4 OK Capability completed (0.001 + 0.000 secs).\r\n"},
    {"b5 SELECT \"NoSuchBox\"",
     "* OK [CLOSED] Previous mailbox closed.\r\n"
     "b5 NO Mailbox doesn't exist: NoSuchBox (0.001 + 0.000 secs).\r\n"},
    {"b6 LOGOUT",
     "* BYE Logging out\r\n"
     "b6 OK Logout completed (0.001 + 0.000 secs).\r\n"},
};

}  // namespace cvdd::test
