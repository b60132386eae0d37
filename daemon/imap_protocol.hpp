#pragma once
// What IMAP responses mean and how commands are spelled (RFC 3501, RFC 2177 IDLE): pure
// functions over the responses ResponseReader splits off, no sockets. Hostile replies
// are results, never exceptions.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "daemon/imap_response_reader.hpp"

namespace cvdd::daemon {

/// The condition a tagged or untagged status response reports (RFC 3501 7.1).
enum class Condition { Ok, No, Bad, Bye, Preauth, None };

/// The condition of a status response; None for data such as "* 3 EXISTS".
Condition conditionOf(const Response& response);

/// A bracketed response code: "OK [UIDVALIDITY 3] ..." gives {"UIDVALIDITY", "3"}; the
/// name is upper-cased.
struct ResponseCode {
  std::string name;
  std::string argument;
};

/// The response code of a status response; nullopt when it has none.
std::optional<ResponseCode> responseCode(const Response& response);

/// The human-readable text of a status response (after its code), made printable and
/// cut to a length fit for a log line.
std::string statusText(const Response& response);

/// A status response for an error message: its condition word, code name and text,
/// printable, e.g. "NO [AUTHENTICATIONFAILED] Authentication failed.".
std::string describeStatus(const Response& response);

/// The capabilities of "* CAPABILITY ..." or of an "[CAPABILITY ...]" code, upper-cased;
/// nullopt when the response carries none.
std::optional<std::vector<std::string>> capabilitiesOf(const Response& response);

/// The UIDVALIDITY of an "OK [UIDVALIDITY n]" response.
std::optional<std::uint64_t> uidValidityOf(const Response& response);

/// Untagged data that says the selected mailbox changed: what ends an IDLE.
enum class MailboxEvent { Exists, Recent, Expunge, Fetch };

/// "* n EXISTS", "* n RECENT", "* n EXPUNGE", "* n FETCH (...)"; nullopt for others.
std::optional<MailboxEvent> mailboxEventOf(const Response& response);

/// The numbers of a "* SEARCH 3 7 9" response, in the server's order; nullopt for other
/// responses. Reading stops at the first item that is not a number.
std::optional<std::vector<std::uint64_t>> searchResultsOf(const Response& response);

/// One message's data from "* n FETCH (...)".
struct FetchData {
  std::uint64_t sequence = 0;
  std::optional<std::uint64_t> uid;
  std::optional<std::uint64_t> size;  // RFC822.SIZE
  std::vector<std::string> flags;     // FLAGS, as the server spells them
  // BODY[section] contents by upper-cased section: "" for BODY[], "HEADER" for
  // BODY[HEADER] (a partial fetch's "<0>" origin is not part of the key).
  std::map<std::string, std::string> sections;
};

/// Reads a "* n FETCH (...)" response; its literals are moved out, not copied. An error
/// for any other response or a malformed one.
core::Result<FetchData> parseFetch(Response response);

/// Whether FLAGS listed this flag or keyword; they are case-insensitive (RFC 3501 2.3.2).
bool hasFlag(const FetchData& data, std::string_view flag);

/// True when text can be sent as an IMAP quoted string: 7-bit, without NUL, CR or LF.
bool quotable(std::string_view text);

/// text as a quoted string, with '"' and '\' escaped. Requires quotable(text).
std::string quoted(std::string_view text);

/// A command split where the client must wait for the server's "+" before going on:
/// "<tag> <verb>" followed by each argument, quoted where it can be and otherwise sent
/// as a synchronising literal ("{n}" CRLF, then the bytes in the next chunk). Every
/// chunk but the last ends with "{n}\r\n"; the last ends with CRLF.
std::vector<std::string> commandChunks(std::string_view tag, std::string_view verb,
                                       const std::vector<std::string_view>& arguments = {});

/// Ascending UIDs as IMAP sequence sets ("1:3,5,9:12"), each at most maxChars long (a
/// single range is never split), so that no command line grows past a server's limit.
std::vector<std::string> uidSets(const std::vector<std::uint64_t>& uids, std::size_t maxChars);

}  // namespace cvdd::daemon
