#pragma once
// Notices rendered from mustache templates (mstch), one file per notice and language:
// templates/notices/<name>.<ja|en>.mustache. The templates are compiled into the binary;
// an operator's directory, when configured, overrides any of them by the same file name.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/language.hpp"

namespace cvdd::templates {

/// Variables a notice may use; all values are plain strings (UTF-8).
using NoticeData = std::map<std::string, std::string>;

struct RenderedNotice {
  std::string subject;  // first line of the template, after "Subject: "
  std::string body;     // the rest, after the blank line
};

/// Renders notice `name` in `language`. Errors: no such template, or a template whose
/// first line is not "Subject: ...". Values are inserted verbatim (no HTML escaping).
core::Result<RenderedNotice> renderNotice(
    std::string_view name, core::Language language, const NoticeData& data,
    const std::optional<std::filesystem::path>& overrideDir = std::nullopt);

}  // namespace cvdd::templates
