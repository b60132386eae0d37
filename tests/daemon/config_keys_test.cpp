// The table of config keys (daemon/config_keys.cpp) is what the reader reads: every key in
// it is read, every literal default in it is the reader's default, every range is enforced.
// cvdd.toml(5) and the README are printed from the table, so these tests keep them true.

#include "daemon/config_keys.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "daemon/config.hpp"

using namespace cvdd::daemon;

namespace {

using Sections = std::map<std::string, std::map<std::string, std::string>>;

/// A valid config whose every optional branch is taken (IMAP with STARTTLS and a login,
/// SMTP with AUTH), so that every key of the table is read.
Sections fullBase() {
  return {
      {"coordinator", {{"name", "\"Example CERT\""}, {"intake", "\"vendors@cert.example\""}}},
      {"source",
       {{"url", "\"imap://mail.cert.example/INBOX\""},
        {"user", "\"vendors\""},
        {"password_file", "\"imap-password\""}}},
      {"smtp",
       {{"url", "\"smtp://mail.cert.example:587\""},
        {"user", "\"vendors\""},
        {"password_file", "\"smtp-password\""}}},
      {"state", {{"dir", "\"/var/lib/cvdd\""}}},
  };
}

std::string toml(const Sections& sections) {
  std::string out;
  for (const auto& [section, keys] : sections) {
    out += "[" + section + "]\n";
    for (const auto& [key, value] : keys) out += key + " = " + value + "\n";
  }
  return out;
}

Config parsed(const Sections& sections) {
  auto config = parseConfig(toml(sections), "/etc/cvdd/cvdd.toml");
  if (!config) {
    std::string errors;
    for (const auto& e : config.error()) errors += e.where + ": " + e.what + "\n";
    ADD_FAILURE() << errors << toml(sections);
    return {};
  }
  return *config;
}

std::string nameOf(const ConfigKey& key) {
  return "[" + std::string(key.section) + "] " + std::string(key.name);
}

/// A value of the wrong TOML type for the key.
std::string wrongType(const ConfigKey& key) {
  switch (key.type) {
    case ConfigType::Integer:
    case ConfigType::Boolean:
    case ConfigType::Strings:
    case ConfigType::Integers:
      return "\"text\"";
    default:
      return "42";
  }
}

}  // namespace

TEST(ConfigKeys, EveryKeyBelongsToADocumentedSectionOnce) {
  std::set<std::string> sections, keys;
  for (const auto& section : configSections()) {
    EXPECT_FALSE(section.meaning.empty()) << section.name;
    EXPECT_TRUE(sections.insert(std::string(section.name)).second) << section.name;
  }
  for (const auto& key : configKeys()) {
    EXPECT_TRUE(sections.contains(std::string(key.section))) << nameOf(key);
    EXPECT_TRUE(keys.insert(nameOf(key)).second) << "twice: " << nameOf(key);
    EXPECT_FALSE(key.meaning.empty()) << nameOf(key);
    EXPECT_EQ(key.required, key.defaultValue.empty()) << nameOf(key);
    if (key.type == ConfigType::Integer || key.type == ConfigType::Integers) {
      EXPECT_LT(key.min, key.max) << nameOf(key);
    }
  }
}

// A literal default written into the file must change nothing: the table says what the
// reader does when the key is left out.
TEST(ConfigKeys, EveryLiteralDefaultIsTheReadersDefault) {
  const Config base = parsed(fullBase());
  int literals = 0;
  for (const auto& key : configKeys()) {
    if (key.required || key.defaultValue.starts_with('(')) continue;
    Sections sections = fullBase();
    sections[std::string(key.section)][std::string(key.name)] = std::string(key.defaultValue);
    EXPECT_EQ(parsed(sections), base) << nameOf(key) << " = " << key.defaultValue;
    ++literals;
  }
  EXPECT_GE(literals, 40);
}

// Every key of the table is read: a value of the wrong type is an error naming the key,
// never "unknown key" and never silently ignored.
TEST(ConfigKeys, EveryKeyIsReadAndCheckedForItsType) {
  for (const auto& key : configKeys()) {
    Sections sections = fullBase();
    sections[std::string(key.section)][std::string(key.name)] = wrongType(key);
    const auto config = parseConfig(toml(sections), "/etc/cvdd/cvdd.toml");
    ASSERT_FALSE(config) << nameOf(key) << " = " << wrongType(key) << " was accepted";
    bool typeChecked = false;
    for (const auto& e : config.error()) {
      if (e.where != nameOf(key)) continue;
      EXPECT_NE(e.what, "unknown key") << nameOf(key);
      typeChecked = typeChecked || e.what.starts_with("must be");
    }
    EXPECT_TRUE(typeChecked) << nameOf(key);
  }
}

TEST(ConfigKeys, EveryIntegerRangeIsEnforcedAtBothEnds) {
  for (const auto& key : configKeys()) {
    if (key.type != ConfigType::Integer && key.type != ConfigType::Integers) continue;
    const std::string range =
        "between " + std::to_string(key.min) + " and " + std::to_string(key.max);
    for (const auto outside : {key.min - 1, key.max + 1}) {
      Sections sections = fullBase();
      const std::string value = std::to_string(outside);
      sections[std::string(key.section)][std::string(key.name)] =
          key.type == ConfigType::Integers ? "[" + value + "]" : value;
      const auto config = parseConfig(toml(sections), "/etc/cvdd/cvdd.toml");
      ASSERT_FALSE(config) << nameOf(key) << " = " << value;
      EXPECT_EQ(config.error().front().where, nameOf(key));
    }
  }
}

TEST(ConfigKeys, KeysAndSectionsOutsideTheTableAreRefused) {
  Sections sections = fullBase();
  sections["source"]["poll_intervall"] = "30";
  sections["deadline"]["unreachable_months"] = "3";
  const auto config = parseConfig(toml(sections), "/etc/cvdd/cvdd.toml");
  ASSERT_FALSE(config);
  std::set<std::string> where;
  for (const auto& e : config.error()) where.insert(e.where + ": " + e.what);
  EXPECT_TRUE(where.contains("[source] poll_intervall: unknown key"));
  EXPECT_TRUE(where.contains("[deadline]: unknown section"));
}
