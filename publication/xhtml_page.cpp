#include "publication/xhtml_page.hpp"

#include "publication/html.hpp"

namespace cvdd::publication {

std::string xhtmlPageStart(core::Language language, std::string_view title,
                           std::string_view style) {
  return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" +
         std::string(core::languageCode(language)) + "\"><head><meta charset=\"utf-8\"/>" +
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>" + "<title>" +
         htmlEscape(title) + "</title><style>" + std::string(style) + "</style></head><body>";
}

std::string twinLink(core::Language language, std::string_view enHref, std::string_view jaHref) {
  return language == core::Language::Japanese
             ? "<a href=\"" + htmlEscape(enHref) + "\" hreflang=\"en\" lang=\"en\">English</a>"
             : "<a href=\"" + htmlEscape(jaHref) + "\" hreflang=\"ja\" lang=\"ja\">日本語</a>";
}

}  // namespace cvdd::publication
