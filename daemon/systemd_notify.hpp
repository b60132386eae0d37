#pragma once
// sd_notify(3) messages to systemd; no-ops when NOTIFY_SOCKET is unset.

#include <chrono>
#include <optional>
#include <string_view>

namespace cvdd::daemon {

void notifyReady();
void notifyStatus(std::string_view status);
void notifyReloading();
void notifyStopping();
void notifyWatchdog();
/// The watchdog interval systemd expects pings within, if WatchdogSec is set.
std::optional<std::chrono::microseconds> watchdogInterval();

}  // namespace cvdd::daemon
