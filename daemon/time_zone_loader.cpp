#include "daemon/time_zone_loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/tzif.hpp"

namespace cvdd::daemon {

core::Result<core::TimeZone> loadTimeZone(std::string_view name) {
  if (name == "UTC" || name == "Etc/UTC") return core::TimeZone::utc();
  if (name.empty() || name.find("..") != std::string_view::npos || name.front() == '/')
    return core::fail(core::Errc::InvalidConfig, "time zone", "not an IANA zone name");
  const auto file = std::filesystem::path("/usr/share/zoneinfo") / std::string(name);
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return core::fail(core::Errc::InvalidConfig, file.string(),
                      "cannot read the zone file (is tzdata installed?)");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return core::parseTzif(std::string(name), bytes.str());
}

}  // namespace cvdd::daemon
