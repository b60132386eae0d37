// libFuzzer target: the text decoders on bodies up to 4 MiB (scripts/fuzz runs it with
// -max_len=4194304, where whole messages stay at 64 KiB): transfer decoding, charset
// conversion (labelled, unlabelled and guessed, ISO-2022-JP included), HTML to text and
// RFC 2047 header decoding. A scan that restarts from each position shows up here as a
// timeout on a large input; beyond ASan/UBSan, it traps when an output is not UTF-8.
//
// Input: byte 0 picks the charset label and the transfer encoding, the rest is the body.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/html_text.hpp"
#include "parsers/rfc2047.hpp"
#include "parsers/text_decode.hpp"
#include "parsers/transfer_decode.hpp"

namespace {

using namespace cvdd::parsers;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

// Labels as senders write them: the aliased, the stateful, the unknown and the injected.
constexpr std::array<std::string_view, 16> kCharsets{
    "",          "utf-8",   "us-ascii",      "iso-2022-jp",    "shift_jis", "euc-jp",
    "utf-7",     "latin1",  "windows-1252",  "gb2312",         "big5",      "euc-kr",
    "x-unknown", "cp50220", "iso-2022-jp-2", "utf-8//TRANSLIT"};
constexpr std::array<std::string_view, 4> kEncodings{"", "base64", "quoted-printable", "8bit"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t selector = data[0];
  const std::string_view charset = kCharsets[selector % kCharsets.size()];
  const std::string_view encoding = kEncodings[(selector / kCharsets.size()) % kEncodings.size()];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::vector<std::string> warnings;
  const std::string decoded = detail::decodeTransfer(bytes, encoding, &warnings);
  const std::string text = charset.empty() ? detail::decodeUnlabelled(decoded, &warnings)
                                           : detail::decodeLabelled(decoded, charset, &warnings);
  require(detail::isValidUtf8(text));
  // Every body is also read as HTML: text/html is where the entity scan went quadratic.
  require(detail::isValidUtf8(detail::htmlToText(text)));
  require(detail::isValidUtf8(decodeHeader(bytes, &warnings)));
  return 0;
}
