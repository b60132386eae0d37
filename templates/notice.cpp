#include "templates/notice.hpp"

#include <exception>
#include <fstream>
#include <iterator>
#include <mstch/mstch.hpp>
#include <sstream>
#include <vector>

#include "templates/embedded_notices.hpp"

namespace cvdd::templates {

namespace {

// Values never pass through mstch, so its HTML escaping (a process-wide setting,
// mstch::config::escape) cannot touch them and is left alone. mstch sees an opaque
// placeholder per value instead: 0xFF, the value's index, 0xFE. Those two bytes never
// occur in UTF-8, so a template (checked below) cannot contain them, nothing mstch
// escapes is among them, and every one of them in the output is a placeholder. The
// values are substituted afterwards in one pass over the output, so a value that
// itself looks like a placeholder or a mustache tag is inserted as it is.
constexpr char kPlaceholderOpen = '\xFF';
constexpr char kPlaceholderClose = '\xFE';
constexpr std::string_view kSubjectPrefix = "Subject: ";
constexpr std::size_t kMaxNameLength = 64;

bool isValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string normaliseLineEnds(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

core::Result<std::string> loadTemplate(std::string_view fileName,
                                       const std::optional<std::filesystem::path>& overrideDir) {
  if (overrideDir) {
    const std::filesystem::path path = *overrideDir / std::string(fileName);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      if (!in || !content) {
        return core::fail(core::Errc::Io, path.string(), "cannot read notice template");
      }
      return content.str();
    }
  }
  const auto& embedded = detail::embeddedNotices();
  if (const auto it = embedded.find(fileName); it != embedded.end()) {
    return std::string(it->second);
  }
  return core::fail(core::Errc::NotFound, "templates/notices/" + std::string(fileName),
                    "no such notice template");
}

std::string placeholder(std::size_t index) {
  return kPlaceholderOpen + std::to_string(index) + kPlaceholderClose;
}

// Replaces every placeholder by its value, in one pass.
std::string substitute(std::string_view rendered, const std::vector<const std::string*>& values) {
  std::string out;
  out.reserve(rendered.size());
  std::size_t i = 0;
  while (i < rendered.size()) {
    const std::size_t open = rendered.find(kPlaceholderOpen, i);
    if (open == std::string_view::npos) {
      out.append(rendered, i);
      break;
    }
    out.append(rendered, i, open - i);
    const std::size_t close = rendered.find(kPlaceholderClose, open);
    // Only our own placeholders can be here (see above), so both ends exist.
    const std::size_t index = std::stoul(std::string(rendered.substr(open + 1, close - open - 1)));
    out += *values.at(index);
    i = close + 1;
  }
  return out;
}

// The subject is one header line: any line break a value brought in becomes a space.
std::string oneLine(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      while (i + 1 < text.size() && (text[i + 1] == '\r' || text[i + 1] == '\n')) ++i;
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

core::Result<RenderedNotice> renderNotice(std::string_view name, core::Language language,
                                          const NoticeData& data,
                                          const std::optional<std::filesystem::path>& overrideDir) {
  const std::string fileName =
      std::string(name) + "." + std::string(core::languageCode(language)) + ".mustache";
  if (!isValidName(name)) {
    return core::fail(core::Errc::NotFound, "templates/notices/" + fileName,
                      "notice name must be [a-z0-9_-], at most 64 characters");
  }
  auto loaded = loadTemplate(fileName, overrideDir);
  if (!loaded) return tl::unexpected(loaded.error());
  const std::string where = "notice template " + fileName;
  const std::string text = normaliseLineEnds(*loaded);
  if (text.find(kPlaceholderOpen) != std::string::npos ||
      text.find(kPlaceholderClose) != std::string::npos) {
    return core::fail(core::Errc::InvalidConfig, where, "template is not UTF-8");
  }

  mstch::map context;
  std::vector<const std::string*> values;
  for (const auto& [key, value] : data) {
    // An empty value stays empty, so {{#key}} sections behave as they would with it.
    if (value.empty()) {
      context.emplace(key, std::string());
    } else {
      context.emplace(key, placeholder(values.size()));
      values.push_back(&value);
    }
  }
  std::string rendered;
  try {
    rendered = mstch::render(text, context);
  } catch (const std::exception& e) {
    return core::fail(core::Errc::InvalidConfig, where, std::string("mstch: ") + e.what());
  }

  const std::size_t firstBreak = rendered.find('\n');
  const std::string_view firstLine = std::string_view(rendered).substr(0, firstBreak);
  if (firstLine.substr(0, kSubjectPrefix.size()) != kSubjectPrefix) {
    return core::fail(core::Errc::InvalidConfig, where, "first line must be \"Subject: ...\"");
  }
  std::string_view body;
  if (firstBreak != std::string::npos) {
    body = std::string_view(rendered).substr(firstBreak + 1);
    if (!body.empty()) {
      if (body.front() != '\n') {
        return core::fail(core::Errc::InvalidConfig, where,
                          "the subject line must be followed by an empty line");
      }
      body.remove_prefix(1);
    }
  }
  return RenderedNotice{oneLine(substitute(firstLine.substr(kSubjectPrefix.size()), values)),
                        substitute(body, values)};
}

}  // namespace cvdd::templates
