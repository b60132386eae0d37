#include "gpg_spawn_log.hpp"

#include <gpgme.h>

#include <fstream>
#include <stdexcept>

#include "gpg_test_support.hpp"

namespace cvdd::crypto::test {

namespace {

std::string defaultGpg() {
  gpgme_check_version(nullptr);
  gpgme_engine_info_t info = nullptr;
  if (gpgme_get_engine_info(&info) != 0) throw std::runtime_error("gpgme_get_engine_info");
  for (; info != nullptr; info = info->next) {
    if (info->protocol == GPGME_PROTOCOL_OpenPGP && info->file_name != nullptr) {
      return info->file_name;
    }
  }
  throw std::runtime_error("GPGME knows no OpenPGP engine");
}

}  // namespace

GpgSpawnLog::GpgSpawnLog(const std::filesystem::path& dir)
    : log_(dir / "gpg-starts.log"), realGpg_(defaultGpg()) {
  const auto wrapper = dir / "gpg-logging";
  // One line per start: a write below PIPE_BUF with O_APPEND does not interleave, so
  // concurrent starts each keep their line.
  writeFile(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + shellQuote(log_.string()) +
                         "\nexec " + shellQuote(realGpg_) + " \"$@\"\n");
  std::filesystem::permissions(wrapper, std::filesystem::perms::owner_all);
  writeFile(log_, "");
  if (gpgme_set_engine_info(GPGME_PROTOCOL_OpenPGP, wrapper.c_str(), nullptr) != 0) {
    throw std::runtime_error("gpgme_set_engine_info refused " + wrapper.string());
  }
}

GpgSpawnLog::~GpgSpawnLog() {
  gpgme_set_engine_info(GPGME_PROTOCOL_OpenPGP, realGpg_.c_str(), nullptr);
}

std::vector<std::string> GpgSpawnLog::starts() const {
  std::vector<std::string> out;
  std::ifstream in(log_);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace cvdd::crypto::test
