#pragma once
// Every key of cvdd.toml in one table: the reader takes each key's range and its unknown-key
// check from it, and cvdd.toml(5) and the README's table are generated from it
// (doc/config_reference.cpp), so the three cannot drift apart.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cvdd::daemon {

enum class ConfigType { String, Path, Url, Integer, Boolean, Strings, Integers };

struct ConfigSection {
  std::string_view name;  // "coordinator"
  bool required = false;
  std::string_view meaning;
};

struct ConfigKey {
  std::string_view section;  // "source"
  std::string_view name;     // "poll_interval"
  ConfigType type = ConfigType::String;
  bool required = false;
  // Integer and Integers: the accepted range, inclusive.
  std::int64_t min = 0;
  std::int64_t max = 0;
  // The default as TOML text ("60", "true", "[7, 14, 30]", "\"CVD\""), or, where it is
  // computed from other keys or absent, a description in parentheses ("(unset: no site)").
  // Empty for a required key.
  std::string_view defaultValue{};
  std::string_view unit{};  // "seconds", "MiB", ...; empty where none applies
  std::string_view meaning{};
};

std::span<const ConfigSection> configSections();
std::span<const ConfigKey> configKeys();

/// The key, or nullopt when the table has no such key.
std::optional<ConfigKey> findConfigKey(std::string_view section, std::string_view name);

/// "string", "integer", "array of integers", ...
std::string_view typeName(ConfigType type);

}  // namespace cvdd::daemon
