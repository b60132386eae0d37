#include "publication/advisory_html_parts.hpp"

#include "core/calendar.hpp"
#include "publication/advisory.hpp"
#include "publication/advisory_text.hpp"
#include "publication/html.hpp"

namespace cvdd::publication {

std::string vendorPageStem(std::string_view vendorId) {
  std::string name = vendorPageFileName(vendorId);
  name.resize(name.size() - std::string_view(".html").size());
  return name;
}

std::string advisoryUrlHtml(std::string_view url) {
  if (const auto link = linkUrl(url))
    return "<a href=\"" + htmlEscape(*link) + "\">" + htmlEscape(*link) + "</a>";
  return htmlEscape(url);
}

std::string timelineHtml(const std::vector<AdvisoryEvent>& events) {
  std::string out = "<ol class=\"timeline\">";
  for (const auto& e : events) {
    const std::string date = core::formatDate(e.date);
    out += "<li><time datetime=\"" + date + "\">" + date + "</time>" + htmlEscape(e.text) + "</li>";
  }
  return out + "</ol>";
}

std::string cvssScoreText(const core::CvssV31& cvss) {
  return std::to_string(cvss.scoreTenths / 10) + "." + std::to_string(cvss.scoreTenths % 10);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace cvdd::publication
