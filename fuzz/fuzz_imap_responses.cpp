// libFuzzer target: the IMAP response reader and the readers of its responses, on any
// bytes a server might send, arriving in reads whose size the input's first byte picks.
// Nothing may crash, and no limit may be overrun on the way.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/imap_protocol.hpp"

using namespace cvdd::daemon;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = data[0] % 64 + 1;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  ResponseReader reader(
      ReaderLimits{.maxLineBytes = 4096, .maxLiteralBytes = 16384, .maxResponseBytes = 32768});
  for (std::size_t pos = 0; pos < bytes.size(); pos += chunk) {
    reader.feed(bytes.substr(pos, chunk));
    for (;;) {
      auto next = reader.next();
      if (!next) return 0;
      if (!*next) break;
      Response& response = **next;
      if (response.lines.size() != response.literals.size() + 1) __builtin_trap();
      (void)conditionOf(response);
      (void)responseCode(response);
      (void)statusText(response);
      (void)capabilitiesOf(response);
      (void)uidValidityOf(response);
      (void)searchResultsOf(response);
      if (mailboxEventOf(response) == MailboxEvent::Fetch) (void)parseFetch(std::move(response));
    }
  }
  return 0;
}
