// htmlToText: tags, comments, scripts and styles dropped, block tags as line breaks,
// entities decoded; an entity's ";" is looked for only as far as the longest name reaches.

#include "parsers/html_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cvdd::parsers::detail {
namespace {

TEST(HtmlToText, TagsCommentsAndScriptsDropped) {
  EXPECT_EQ(htmlToText("<html><body><p>one<br>two</p><!-- x --><script>a<b</script>three"
                       "<style>p{}</STYLE></body>"),
            "one\ntwo\nthree");
  EXPECT_EQ(htmlToText("a <b>bold</b>\n  text"), "a bold text");
  EXPECT_EQ(htmlToText("x<!-- never closed"), "x");
}

TEST(HtmlToText, EntitiesUpToTheLongestName) {
  EXPECT_EQ(htmlToText("a&amp;b &lt;&GT; &#x41;&#65; &quot;&apos;"), "a&b <> AA \"'");
  EXPECT_EQ(htmlToText("&#x010FFFF;"), "\xF4\x8F\xBF\xBF");  // a 9-character name
  EXPECT_EQ(htmlToText("&#x0010FFFF;"), "&#x0010FFFF;");     // 10: no entity
  EXPECT_EQ(htmlToText("&#xD800; &#0;"), "\xEF\xBF\xBD \xEF\xBF\xBD");
  EXPECT_EQ(htmlToText("AT&T; &&&amp; &nbsp"), "AT&T; &&& &nbsp");
}

TEST(HtmlToText, AmpersandsWithoutEntitiesKeptAsText) {
  // Once quadratic: each '&' searched the rest of the body for a ';'.
  const std::string amps(100000, '&');
  EXPECT_EQ(htmlToText(amps + ";"), amps + ";");
}

}  // namespace
}  // namespace cvdd::parsers::detail
