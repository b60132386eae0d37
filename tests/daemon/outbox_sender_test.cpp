#include "daemon/outbox_sender.hpp"

#include <gtest/gtest.h>

#include "daemon/maildir.hpp"
#include "temp_dir.hpp"

using namespace cvdd;
using namespace std::chrono_literals;

TEST(RetryDelay, DoublesFromTheInitialDelayUpToTheMaximum) {
  EXPECT_EQ(daemon::retryDelay(0, 30s, 3600s), 30s);
  EXPECT_EQ(daemon::retryDelay(1, 30s, 3600s), 60s);
  EXPECT_EQ(daemon::retryDelay(4, 30s, 3600s), 480s);
  EXPECT_EQ(daemon::retryDelay(7, 30s, 3600s), 3600s);
  EXPECT_EQ(daemon::retryDelay(1000, 30s, 3600s), 3600s);
}

namespace {

store::OutboxEntry entry(std::string messageId, core::Timestamp due) {
  store::OutboxEntry e;
  e.caseId = "CVD#00000001";
  e.messageId = std::move(messageId);
  e.envelopeFrom = "vendors@cert.example";
  e.recipients = {"alice@reporter.example"};
  e.raw = "Subject: x\r\nMessage-ID: <" + e.messageId + ">\r\n\r\nbody\r\n";
  e.nextAttemptAt = due;
  return e;
}

/// A transport whose server is down until told otherwise. The sender's decisions are
/// under test here; the real SMTP path is covered by the integration tests.
class SwitchableTransport final : public daemon::Transport {
 public:
  bool up = false;
  int attempts = 0;
  daemon::SendOutcome send(const store::OutboxEntry&) override {
    ++attempts;
    if (up) return {true, false, {}};
    return {false, false, "connection refused"};
  }
};

}  // namespace

TEST(SendOneDue, FailureReschedulesWithBackoffAndSuccessMarksSent) {
  test::TempDir dir;
  auto store = store::Store::open(dir.path() / "db", 64 << 20);
  const core::Timestamp t0{std::chrono::sys_days{2026y / 11 / 22}};
  {
    auto txn = store.write();
    txn.enqueueOutbox(entry("a@cert.example", t0));
    txn.commit();
  }
  daemon::SmtpConfig config;
  config.retryInitial = 10s;
  config.retryMax = 100s;
  SwitchableTransport transport;

  EXPECT_EQ(daemon::sendOneDue(store, transport, config, t0), daemon::SendResult::Retry);
  EXPECT_EQ(store.read().nextOutboxAttempt(), t0 + 10s);
  EXPECT_EQ(daemon::sendOneDue(store, transport, config, t0 + 5s), daemon::SendResult::NothingDue);
  EXPECT_EQ(daemon::sendOneDue(store, transport, config, t0 + 10s), daemon::SendResult::Retry);
  EXPECT_EQ(store.read().nextOutboxAttempt(), t0 + 30s);

  transport.up = true;
  EXPECT_EQ(daemon::sendOneDue(store, transport, config, t0 + 30s), daemon::SendResult::Sent);
  EXPECT_EQ(store.read().pendingOutboxCount(), 0u);
  EXPECT_EQ(daemon::sendOneDue(store, transport, config, t0 + 1000s),
            daemon::SendResult::NothingDue);
  EXPECT_EQ(transport.attempts, 3);
  auto sent = store.read().getOutbox(1);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->state, store::OutboxState::Sent);
  EXPECT_EQ(sent->attempts, 2);
  EXPECT_EQ(sent->lastError, "connection refused");
}

TEST(MaildirTransport, DeliversOnceEvenWhenAskedTwice) {
  test::TempDir dir;
  daemon::MaildirTransport transport(dir.path() / "out");
  auto e = entry("ack@cert.example", core::Timestamp{});
  EXPECT_TRUE(transport.send(e).sent);
  EXPECT_TRUE(transport.send(e).sent);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(dir.path() / "out/new"))
    ++files;
  EXPECT_EQ(files, 1u);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "out/tmp"));
}
