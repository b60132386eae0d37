#include "daemon/notice_reference.hpp"

#include <gtest/gtest.h>

using namespace cvdd;
using namespace std::chrono_literals;

namespace {

const core::Timestamp kT0{std::chrono::sys_days{2026y / 12 / 7}};

core::TimelineEntry notice(core::Timestamp at, const std::string& to, const std::string& name) {
  core::TimelineEntry e{at, core::Direction::Outbound, core::MessageRole::Notice, "k", "id", "", to,
                        "s"};
  e.note = name;
  return e;
}

}  // namespace

TEST(NoticeReference, EachSentNoticeIsFoundByTheReferenceItWasComposedWith) {
  const crypto::ReplyTokenKey tokens(std::string(32, 'r'));
  core::Case c;
  c.id = "CVD#00000001";
  std::vector<std::string> references;
  // Compose, then "send" (record on the timeline), as the coordination does.
  for (auto [at, to, name] : {std::tuple{kT0, "psirt@acme.example", "vulnerability-summary"},
                              std::tuple{kT0 + 1h, "sec@bolt.example", "vulnerability-summary"},
                              std::tuple{kT0 + 2h, "psirt@acme.example", "reminder"},
                              std::tuple{kT0 + 3h, "psirt@acme.example", "reminder"}}) {
    references.push_back(daemon::nextNoticeReference(tokens, c, to, name));
    c.timeline.push_back(notice(at, to, std::string(name) + "; held: no key"));
  }
  EXPECT_EQ(daemon::referencedNoticeTime(tokens, c, "psirt@acme.example", references[0]), kT0);
  EXPECT_EQ(daemon::referencedNoticeTime(tokens, c, "PSIRT@acme.example", references[3]), kT0 + 3h);
  EXPECT_NE(references[2], references[3]);  // the second reminder has a reference of its own
  // Another participant's reference is not this sender's.
  EXPECT_EQ(daemon::referencedNoticeTime(tokens, c, "psirt@acme.example", references[1]),
            std::nullopt);
  EXPECT_EQ(daemon::referencedNoticeTime(tokens, c, "psirt@acme.example", "aaaaaaaaaaaaaaaa"),
            std::nullopt);
}
