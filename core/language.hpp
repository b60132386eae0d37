#pragma once

#include <string_view>

namespace cvdd::core {

enum class Language { Japanese, English };

/// "ja" or "en".
std::string_view languageCode(Language language);

/// Japanese when the UTF-8 text holds kana or CJK ideographs, else English: reporters
/// are answered in the language they wrote in.
Language detectLanguage(std::string_view utf8Text);

}  // namespace cvdd::core
