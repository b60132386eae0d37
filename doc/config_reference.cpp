// Prints the reference of every cvdd.toml key from the table the reader uses
// (daemon/config_keys.cpp): `man` as the KEYS section of cvdd.toml(5) in pandoc Markdown,
// `readme` as the README's table. The build and the docs test run it, so neither can drift.

#include <iostream>
#include <string>
#include <string_view>

#include "daemon/config_keys.hpp"

namespace {

using cvdd::daemon::ConfigKey;
using cvdd::daemon::ConfigType;

/// Text safe in Markdown prose: '<' would start raw HTML, '|' ends a table cell.
std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '<' || c == '>' || c == '|' || c == '*' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// "integer, 1-86400 seconds" and the like.
std::string typeText(const ConfigKey& key) {
  std::string out(cvdd::daemon::typeName(key.type));
  if (key.type == ConfigType::Integer || key.type == ConfigType::Integers)
    out += ", " + std::to_string(key.min) + "-" + std::to_string(key.max);
  if (!key.unit.empty()) out += " " + std::string(key.unit);
  return out;
}

/// The default as a code span when it is TOML text, as prose when it is a description.
std::string defaultText(const ConfigKey& key) {
  if (key.required) return "required";
  if (key.defaultValue.starts_with('('))
    return escaped(key.defaultValue.substr(1, key.defaultValue.size() - 2));
  return "`" + std::string(key.defaultValue) + "`";
}

void printManSections() {
  std::cout << "# KEYS\n\n";
  for (const auto& section : cvdd::daemon::configSections()) {
    std::cout << "## [" << section.name << "]\n\n"
              << escaped(section.meaning) << (section.required ? " This section is required." : "")
              << "\n\n";
    for (const auto& key : cvdd::daemon::configKeys()) {
      if (key.section != section.name) continue;
      std::cout << "**" << key.name << "** (" << typeText(key) << "; "
                << (key.required ? "required" : "default " + defaultText(key)) << ")\n"
                << ":   " << escaped(key.meaning) << "\n\n";
    }
  }
}

void printReadmeTable() {
  std::cout << "| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const auto& key : cvdd::daemon::configKeys())
    std::cout << "| `[" << key.section << "] " << key.name << "` | " << typeText(key) << " | "
              << defaultText(key) << " | " << escaped(key.meaning) << " |\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view format = argc == 2 ? argv[1] : "";
  if (format == "man") {
    printManSections();
  } else if (format == "readme") {
    printReadmeTable();
  } else {
    std::cerr << "usage: config_reference man|readme\n";
    return 2;
  }
  return 0;
}
