#include "mime_test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace cvdd::templates::test {

std::optional<std::string> decodeBase64(std::string_view text) {
  std::string clean;
  for (const char c : text) {
    if (c != '\r' && c != '\n') clean += c;
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    const bool last = i + 4 == clean.size();
    std::array<int, 4> v{};
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      if (clean[i + k] == '=') {
        if (!last || k < 2) return std::nullopt;
        ++pad;
        v.at(k) = 0;
        continue;
      }
      if (pad > 0) return std::nullopt;  // data after padding
      v.at(k) = value(clean[i + k]);
      if (v.at(k) < 0) return std::nullopt;
    }
    const unsigned n = (static_cast<unsigned>(v[0]) << 18U) | (static_cast<unsigned>(v[1]) << 12U) |
                       (static_cast<unsigned>(v[2]) << 6U) | static_cast<unsigned>(v[3]);
    out += static_cast<char>((n >> 16U) & 0xFFU);
    if (pad < 2) out += static_cast<char>((n >> 8U) & 0xFFU);
    if (pad < 1) out += static_cast<char>(n & 0xFFU);
  }
  return out;
}

std::string decodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "=\r\n") {
      i += 2;
    } else if (text[i] == '=' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (text.substr(i, 2) == "\r\n") {
      out += '\n';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

SplitMessage splitMessage(std::string_view message) {
  SplitMessage out;
  const std::size_t end = message.find("\r\n\r\n");
  const std::string_view head =
      message.substr(0, end == std::string_view::npos ? message.size() : end + 2);
  if (end != std::string_view::npos) out.body = std::string(message.substr(end + 4));
  std::size_t i = 0;
  while (i < head.size()) {
    std::size_t lineEnd = head.find("\r\n", i);
    // A field runs on while the next line starts with a blank (a folded line).
    while (lineEnd != std::string_view::npos && lineEnd + 2 < head.size() &&
           (head[lineEnd + 2] == ' ' || head[lineEnd + 2] == '\t')) {
      lineEnd = head.find("\r\n", lineEnd + 2);
    }
    if (lineEnd == std::string_view::npos) lineEnd = head.size();
    const std::string_view field = head.substr(i, lineEnd - i);
    const std::size_t colon = field.find(':');
    RawHeader h;
    h.name = std::string(field.substr(0, colon));
    h.folded = colon == std::string_view::npos ? "" : std::string(field.substr(colon + 1));
    for (std::size_t k = 0; k < h.folded.size(); ++k) {
      if (h.folded.compare(k, 2, "\r\n") == 0) {
        ++k;
        continue;
      }
      h.unfolded += h.folded[k];
    }
    if (!h.unfolded.empty() && h.unfolded.front() == ' ') h.unfolded.erase(0, 1);
    out.headers.push_back(std::move(h));
    i = lineEnd + 2;
  }
  return out;
}

std::optional<std::string> header(const SplitMessage& message, std::string_view name) {
  for (const RawHeader& h : message.headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return h.unfolded;
    }
  }
  return std::nullopt;
}

namespace {

// Splits an unfolded value into words and the whitespace runs between them.
std::vector<std::string> wordsAndBlanks(std::string_view value) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < value.size()) {
    const bool blank = value[i] == ' ' || value[i] == '\t';
    std::size_t j = i;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t') == blank) ++j;
    parts.emplace_back(value.substr(i, j - i));
    i = j;
  }
  return parts;
}

bool isEncodedWord(std::string_view word) {
  return word.size() >= 12 && word.substr(0, 2) == "=?" && word.substr(word.size() - 2) == "?=";
}

}  // namespace

std::vector<std::string> encodedWords(std::string_view value) {
  std::vector<std::string> out;
  for (const std::string& part : wordsAndBlanks(value)) {
    if (isEncodedWord(part)) out.push_back(part);
  }
  return out;
}

std::optional<std::string> decodeUnstructured(std::string_view value) {
  const std::vector<std::string> parts = wordsAndBlanks(value);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (isEncodedWord(part)) {
      const std::string prefix = "=?UTF-8?B?";
      std::string upper = part.substr(0, prefix.size());
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (upper != prefix) return std::nullopt;
      const auto decoded = decodeBase64(
          std::string_view(part).substr(prefix.size(), part.size() - prefix.size() - 2));
      if (!decoded) return std::nullopt;
      out += *decoded;
      continue;
    }
    const bool blank = part.front() == ' ' || part.front() == '\t';
    if (blank && i > 0 && i + 1 < parts.size() && isEncodedWord(parts[i - 1]) &&
        isEncodedWord(parts[i + 1])) {
      continue;  // RFC 2047 §6.2: ignored between adjacent encoded words
    }
    out += part;
  }
  return out;
}

bool isWellFormedUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      n = 1;
      cp = c;
    } else if ((c & 0xE0U) == 0xC0U) {
      n = 2;
      cp = c & 0x1FU;
    } else if ((c & 0xF0U) == 0xE0U) {
      n = 3;
      cp = c & 0x0FU;
    } else if ((c & 0xF8U) == 0xF0U) {
      n = 4;
      cp = c & 0x07U;
    } else {
      return false;
    }
    if (i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0U) != 0x80U) return false;
      cp = (cp << 6U) | (cc & 0x3FU);
    }
    static constexpr std::array<unsigned, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin.at(n) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

namespace {

// No single quote in here: it is passed to the shell inside single quotes.
constexpr const char* kPythonCheck = R"PY(
import sys, email, email.policy
raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
want_subject = open(sys.argv[2], encoding="utf-8").read()
want_body = open(sys.argv[3], encoding="utf-8").read()
problems = []
if msg.defects:
    problems.append("message defects: %r" % (msg.defects,))
for name, value in msg.items():
    if getattr(value, "defects", None):
        problems.append("%s defects: %r" % (name, value.defects))
if str(msg["subject"]) != want_subject:
    problems.append("subject %r != %r" % (str(msg["subject"]), want_subject))
if msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
    problems.append("content type %r charset %r" % (msg.get_content_type(), msg.get_content_charset()))
body = msg.get_content().replace("\r\n", "\n")
if body != want_body:
    problems.append("body %r != %r" % (body, want_body))
if len(sys.argv) > 5:
    to = msg["to"].addresses[0]
    want_name = open(sys.argv[4], encoding="utf-8").read()
    want_addr = open(sys.argv[5], encoding="utf-8").read()
    if to.display_name != want_name or to.addr_spec != want_addr:
        problems.append("to %r <%r> != %r <%r>" % (to.display_name, to.addr_spec, want_name, want_addr))
print("\n".join(problems))
sys.exit(1 if problems else 0)
)PY";

void writeFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

PythonVerdict checkWithPython(const std::string& message, const std::string& subject,
                              const std::string& body,
                              const std::optional<std::pair<std::string, std::string>>& firstTo) {
  static std::atomic<int> counter{0};
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("cvdd-templates-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  writeFile(dir / "message.eml", message);
  writeFile(dir / "subject", subject);
  writeFile(dir / "body", body);
  std::string command = std::string(CVDD_PYTHON3) + " -c '" + kPythonCheck + "' " +
                        (dir / "message.eml").string() + " " + (dir / "subject").string() + " " +
                        (dir / "body").string();
  if (firstTo) {
    writeFile(dir / "to-name", firstTo->first);
    writeFile(dir / "to-addr", firstTo->second);
    command += " " + (dir / "to-name").string() + " " + (dir / "to-addr").string();
  }
  command += " 2>&1";
  PythonVerdict verdict;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    verdict.report = "cannot run " + std::string(CVDD_PYTHON3);
  } else {
    std::array<char, 512> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      verdict.report.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    verdict.ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return verdict;
}

}  // namespace cvdd::templates::test
