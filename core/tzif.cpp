#include "core/tzif.hpp"

#include <cstdint>
#include <vector>

namespace cvdd::core {

namespace {

constexpr std::size_t kHeaderSize = 44;

struct Header {
  char version = 0;
  std::uint32_t isutcnt = 0;
  std::uint32_t isstdcnt = 0;
  std::uint32_t leapcnt = 0;
  std::uint32_t timecnt = 0;
  std::uint32_t typecnt = 0;
  std::uint32_t charcnt = 0;
};

class Reader {
 public:
  Reader(std::string name, std::string_view bytes) : name_(std::move(name)), bytes_(bytes) {}

  Result<TimeZone> read() {
    if (bytes_.size() > kMaxTzifBytes) {
      return fail(Errc::LimitExceeded, where(0),
                  "TZif file of " + std::to_string(bytes_.size()) + " bytes > " +
                      std::to_string(kMaxTzifBytes));
    }
    auto first = header(0, 4);
    if (!first) return tl::unexpected(first.error());
    if (first->version == '\0') return dataBlock(*first, kHeaderSize, 4, std::nullopt);

    // v2+: skip the 32-bit block, read the second header, the 64-bit block and the footer.
    const std::size_t v1Size = blockSize(*first, 4);
    const std::size_t secondHeader = kHeaderSize + v1Size;
    auto second = header(secondHeader, 8);
    if (!second) return tl::unexpected(second.error());
    const std::size_t dataStart = secondHeader + kHeaderSize;
    const std::size_t footerStart = dataStart + blockSize(*second, 8);
    auto footer = footerRule(footerStart);
    if (!footer) return tl::unexpected(footer.error());
    return dataBlock(*second, dataStart, 8, *footer);
  }

 private:
  std::string where(std::size_t offset) const {
    return "TZif " + name_ + " @ byte " + std::to_string(offset);
  }

  tl::unexpected<Error> truncated(std::size_t offset) const {
    return fail(Errc::InvalidConfig, where(offset), "truncated TZif data");
  }

  std::uint32_t u32(std::size_t at) const {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[at + i]);
    }
    return value;
  }

  std::int64_t i64(std::size_t at) const {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[at + i]);
    }
    return static_cast<std::int64_t>(value);
  }

  static std::size_t blockSize(const Header& h, std::size_t timeSize) {
    // Counts are at most 2^32 - 1 each; in 64 bits the sum cannot overflow.
    return std::size_t{h.timecnt} * timeSize + h.timecnt + std::size_t{h.typecnt} * 6 + h.charcnt +
           std::size_t{h.leapcnt} * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  }

  Result<Header> header(std::size_t at, std::size_t timeSize) const {
    if (bytes_.size() < at + kHeaderSize) return truncated(at);
    if (bytes_.substr(at, 4) != "TZif") {
      return fail(Errc::InvalidConfig, where(at), "no TZif magic");
    }
    Header h;
    h.version = bytes_[at + 4];
    if (h.version != '\0' && (h.version < '2' || h.version > '9')) {
      return fail(Errc::InvalidConfig, where(at + 4), "unknown TZif version");
    }
    h.isutcnt = u32(at + 20);
    h.isstdcnt = u32(at + 24);
    h.leapcnt = u32(at + 28);
    h.timecnt = u32(at + 32);
    h.typecnt = u32(at + 36);
    h.charcnt = u32(at + 40);
    if (h.typecnt == 0 || h.charcnt == 0) {
      return fail(Errc::InvalidConfig, where(at + 36), "typecnt and charcnt must not be zero");
    }
    if ((h.isutcnt != 0 && h.isutcnt != h.typecnt) ||
        (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) {
      return fail(Errc::InvalidConfig, where(at + 20), "isutcnt/isstdcnt must be 0 or typecnt");
    }
    if (h.leapcnt != 0) {
      return fail(Errc::InvalidConfig, where(at + 28),
                  "leap-second (\"right/\") zones are not supported");
    }
    if (bytes_.size() - (at + kHeaderSize) < blockSize(h, timeSize)) {
      return truncated(at + kHeaderSize);
    }
    return h;
  }

  Result<std::optional<PosixTzRule>> footerRule(std::size_t at) const {
    if (at >= bytes_.size() || bytes_[at] != '\n') {
      return fail(Errc::InvalidConfig, where(at), "footer must start with a newline");
    }
    const std::size_t end = bytes_.find('\n', at + 1);
    if (end == std::string_view::npos) {
      return fail(Errc::InvalidConfig, where(at), "footer must end with a newline");
    }
    const std::string_view text = bytes_.substr(at + 1, end - at - 1);
    if (text.empty()) return std::optional<PosixTzRule>{};
    auto rule = parsePosixTz(text);
    if (!rule) {
      return fail(Errc::InvalidConfig, where(at + 1), rule.error().what + " in the footer");
    }
    return std::optional<PosixTzRule>{std::move(*rule)};
  }

  Result<TimeZone> dataBlock(const Header& h, std::size_t at, std::size_t timeSize,
                             std::optional<PosixTzRule> tail) const {
    const std::size_t timesAt = at;
    const std::size_t indicesAt = timesAt + std::size_t{h.timecnt} * timeSize;
    const std::size_t typesAt = indicesAt + h.timecnt;

    std::vector<std::chrono::seconds> offsets;
    offsets.reserve(h.typecnt);
    for (std::uint32_t i = 0; i < h.typecnt; ++i) {
      const std::size_t ttinfo = typesAt + std::size_t{i} * 6;
      const auto utoff = static_cast<std::int32_t>(u32(ttinfo));
      if (utoff == INT32_MIN) {
        return fail(Errc::InvalidConfig, where(ttinfo), "utoff -2^31 is not allowed");
      }
      if (static_cast<unsigned char>(bytes_[ttinfo + 5]) >= h.charcnt) {
        return fail(Errc::InvalidConfig, where(ttinfo + 5), "designation index out of range");
      }
      offsets.emplace_back(utoff);
    }

    std::vector<OffsetTransition> transitions;
    transitions.reserve(h.timecnt);
    for (std::uint32_t i = 0; i < h.timecnt; ++i) {
      const std::size_t timeAt = timesAt + std::size_t{i} * timeSize;
      const std::int64_t seconds =
          timeSize == 4 ? static_cast<std::int32_t>(u32(timeAt)) : i64(timeAt);
      const auto type = static_cast<unsigned char>(bytes_[indicesAt + i]);
      if (type >= h.typecnt) {
        return fail(Errc::InvalidConfig, where(indicesAt + i), "time type index out of range");
      }
      transitions.push_back(
          OffsetTransition{Timestamp{std::chrono::seconds{seconds}}, offsets[type]});
    }

    // RFC 8536 §3.2: before the first transition, local time is time type 0.
    auto tz = TimeZone::fromTransitions(name_, offsets[0], std::move(transitions), std::move(tail));
    if (!tz) return fail(Errc::InvalidConfig, where(timesAt), tz.error().what);
    return tz;
  }

  std::string name_;
  std::string_view bytes_;
};

}  // namespace

Result<TimeZone> parseTzif(std::string name, std::string_view bytes) {
  return Reader(std::move(name), bytes).read();
}

}  // namespace cvdd::core
