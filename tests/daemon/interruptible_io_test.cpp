#include "daemon/interruptible_io.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <thread>

using cvdd::daemon::InterruptibleIo;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(InterruptibleIo, InterruptFromAnotherThreadEndsASleepAtOnce) {
  InterruptibleIo io;
  auto start = Clock::now();
  std::thread other([&] {
    std::this_thread::sleep_for(50ms);
    io.interrupt();
  });
  EXPECT_EQ(io.sleepUntil(Clock::now() + 60s), InterruptibleIo::RunEnd::Interrupted);
  other.join();
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(InterruptibleIo, AnInterruptIsKeptUntilClearedAndEndsTheNextWait) {
  InterruptibleIo io;
  io.interrupt();  // nobody waits yet
  EXPECT_TRUE(io.interrupted());
  EXPECT_EQ(io.sleepUntil(Clock::now() + 60s), InterruptibleIo::RunEnd::Interrupted);
  EXPECT_EQ(io.sleepUntil(Clock::now() + 60s), InterruptibleIo::RunEnd::Interrupted);
  io.clearInterrupt();
  EXPECT_EQ(io.sleepUntil(Clock::now() + 20ms), InterruptibleIo::RunEnd::Deadline);
}

TEST(InterruptibleIo, RunsHandlersUntilDoneAndIgnoresInterruptsWhenAskedTo) {
  InterruptibleIo io;
  bool ran = false;
  boost::asio::post(io.context(), [&] { ran = true; });
  io.interrupt();
  EXPECT_EQ(io.runUntil([&] { return ran; }, Clock::now() + 60s, false),
            InterruptibleIo::RunEnd::Done);
  EXPECT_EQ(io.runUntil([] { return false; }, Clock::now() + 20ms, false),
            InterruptibleIo::RunEnd::Deadline);
  EXPECT_EQ(io.runUntil([] { return false; }, Clock::now() + 60s, true),
            InterruptibleIo::RunEnd::Interrupted);
}
