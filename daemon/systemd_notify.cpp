#include "daemon/systemd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace cvdd::daemon {

void notifyReady() {
  sd_notify(0, "READY=1");
}

void notifyStatus(std::string_view status) {
  sd_notify(0, ("STATUS=" + std::string(status)).c_str());
}

void notifyReloading() {
  sd_notify(0, "RELOADING=1");
}

void notifyStopping() {
  sd_notify(0, "STOPPING=1");
}

void notifyWatchdog() {
  sd_notify(0, "WATCHDOG=1");
}

std::optional<std::chrono::microseconds> watchdogInterval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

}  // namespace cvdd::daemon
