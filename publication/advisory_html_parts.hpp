#pragma once
// Pieces the advisory page and the vendor pages share.

#include <string>
#include <string_view>
#include <vector>

#include "core/cvss.hpp"
#include "publication/advisory_content.hpp"

namespace cvdd::publication {

inline constexpr std::string_view kAdvisoryStyle =
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
    "h1 .id{display:block;font-size:.6em;color:#555}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;"
    "vertical-align:top;text-align:left}td p{margin:0}code{word-break:break-all}"
    "ol.timeline{list-style:none;padding:0}ol.timeline time{font-weight:bold;margin-right:.6em}";

/// vendorPageFileName without its extension: the data-vendor attribute.
std::string vendorPageStem(std::string_view vendorId);

/// The vendor's advisory URL: a link when linkUrl accepts it, else escaped text.
std::string advisoryUrlHtml(std::string_view url);

/// Dated lines as <ol class="timeline"> with <time datetime>.
std::string timelineHtml(const std::vector<AdvisoryEvent>& events);

/// "9.8": the base score as the specification prints it.
std::string cvssScoreText(const core::CvssV31& cvss);

/// "a, b, c".
std::string joined(const std::vector<std::string>& items);

}  // namespace cvdd::publication
