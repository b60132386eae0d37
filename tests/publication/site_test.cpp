// The site's layout, its CSAF provider files and index, and the atomic write (issue 12 item 1).

#include "publication/site.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include "csaf_cases.hpp"
#include "publication/csaf_provider.hpp"
#include "publication/site_index.hpp"
#include "publication/site_paths.hpp"
#include "publication/site_writer.hpp"
#include "tests/daemon/temp_dir.hpp"
#include "xml_tree.hpp"

namespace cvdd::publication {
namespace {

using namespace std::chrono;
using core::Language;
namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::set<std::string> filesUnder(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
  return out;
}

/// Everything in the parent but the site itself and its lock file: leftovers.
std::set<std::string> siblingsOf(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir.parent_path())) {
    const auto name = e.path().filename().string();
    if (name != dir.filename().string() && name != "." + dir.filename().string() + ".lock")
      out.insert(name);
  }
  return out;
}

TEST(SitePaths, CaseDirectoriesAreReadableSafeAndOneToOne) {
  EXPECT_EQ(advisoryDirName("CVD#20260001"), "CVD-20260001");
  EXPECT_EQ(advisoryDirName("CVD-1"), "CVD_2d1");  // not "CVD-1": that is "CVD#1"
  EXPECT_EQ(advisoryDirName("a/../b c_"), "a_2f_2e_2e_2fb_20c_5f");
  EXPECT_EQ(advisoryDirName("\xe3\x81\x82"), "_e3_81_82");
  std::set<std::string> names;
  const std::vector<std::string> ids{"CVD#1",  "CVD-1", "CVD_2d1", "cvd#1",
                                     "CVD#01", "X#1",   "X_231"};
  for (const auto& id : ids) {
    const auto name = advisoryDirName(id);
    EXPECT_EQ(
        name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), ids.size());
  EXPECT_EQ(advisoryDir("CVD#20260001"), "advisories/CVD-20260001/");
  EXPECT_EQ(advisoryPage("CVD#20260001", Language::English), "advisories/CVD-20260001/index.html");
  EXPECT_EQ(advisoryPage("CVD#20260001", Language::Japanese),
            "advisories/CVD-20260001/index.ja.html");
}

TEST(SitePaths, TheCsafPathIsTheDocumentsCanonicalUrl) {
  // The UTC year of the publication, also at a year's end in Tokyo.
  EXPECT_EQ(csafDocumentPath("CVD#20260001", sys_days{2026y / 12 / 31} + 20h),
            "csaf/2026/cvd_20260001.json");
  const auto source = testing::multiVendorCase();
  SiteSettings settings{"Example Coordination Center",
                        "https://cvd.example.org/pub",
                        "https://cvd.example.org",
                        nullptr,
                        {},
                        "vendors@cvd.example.org"};
  const auto doc =
      csafDocument(source, sitePublisher(settings), siteCsafRevisions(source.workflow));
  ASSERT_TRUE(doc) << doc.error().what;
  const auto path = csafDocumentPath(source.caseId, *source.workflow.publishedAt);
  EXPECT_EQ(doc->at("document").at("references").at(0).at("url"), settings.baseUrl + "/" + path);
  EXPECT_EQ(doc->at("document").at("tracking").at("current_release_date"),
            core::formatIso8601(siteCsafRevisions(source.workflow).back().date));
}

TEST(CsafProvider, IndexListsEveryPathAndChangesAreNewestFirst) {
  const auto t = [](int day) { return sys_days{2026y / 3 / day} + 1h; };
  const std::vector<CsafEntry> entries{{"2026/cvd_2.json", t(5)},
                                       {"2025/cvd_9.json", t(9)},
                                       {"2026/cvd_1.json", t(5)},
                                       {"2026/cvd_3.json", t(1)}};
  EXPECT_EQ(csafIndexTxt(entries),
            "2025/cvd_9.json\n2026/cvd_1.json\n2026/cvd_2.json\n2026/cvd_3.json\n");
  EXPECT_EQ(csafChangesCsv(entries),
            "\"2025/cvd_9.json\",\"2026-03-09T01:00:00Z\"\n"
            "\"2026/cvd_1.json\",\"2026-03-05T01:00:00Z\"\n"
            "\"2026/cvd_2.json\",\"2026-03-05T01:00:00Z\"\n"
            "\"2026/cvd_3.json\",\"2026-03-01T01:00:00Z\"\n");
  EXPECT_EQ(csafIndexTxt({}), "");
  EXPECT_EQ(csafChangesCsv({}), "");
}

TEST(CsafProvider, MetadataHasWhatTheProviderSchemaRequires) {
  // CSAF 2.0 provider_json_schema.json: required keys, canonical_url ending in
  // /provider-metadata.json, metadata_version "2.0", a role of its enum, and the publisher
  // of the documents (category, name, namespace).
  const auto meta = csafProviderMetadata(testing::kPublisher, "https://cvd.example.org",
                                         sys_days{2026y / 3 / 2} + 1h);
  for (const char* key : {"canonical_url", "last_updated", "list_on_CSAF_aggregators",
                          "mirror_on_CSAF_aggregators", "metadata_version", "publisher", "role"})
    EXPECT_TRUE(meta.contains(key)) << key;
  EXPECT_EQ(meta["canonical_url"], "https://cvd.example.org/csaf/provider-metadata.json");
  EXPECT_EQ(meta["distributions"],
            nlohmann::json::parse(R"([{"directory_url":"https://cvd.example.org/csaf/"}])"));
  EXPECT_EQ(meta["last_updated"], "2026-03-02T01:00:00Z");
  EXPECT_EQ(meta["metadata_version"], "2.0");
  EXPECT_EQ(meta["role"], "csaf_provider");
  EXPECT_EQ(meta["publisher"], nlohmann::json::parse(R"({"category":"coordinator",
      "name":"Example Coordination Center","namespace":"https://cvd.example.org"})"));
  EXPECT_EQ(meta.size(), 8u);  // nothing the schema does not know
}

TEST(AdvisoryIndex, ListsNewestFirstWithEscapedTitlesAndLinks) {
  const auto zone = core::TimeZone::fixed("Asia/Tokyo", hours{9});
  const std::vector<AdvisoryListing> advisories{
      {"CVD#1", "Old <b>bug</b>", sys_days{2026y / 1 / 5} + 1h, "csaf/2026/cvd_1.json", {}},
      {"CVD#2", "New & shiny", sys_days{2026y / 3 / 1} + 16h, "csaf/2026/cvd_2.json", {}}};
  for (const auto language : {Language::English, Language::Japanese}) {
    const auto page = renderAdvisoryIndex(advisories, "CERT", zone, language);
    const auto tree = testing::parseXml(page);
    ASSERT_TRUE(tree) << page;
    std::vector<std::string> rows;
    for (const auto* tr : tree->all("tr"))
      if (!tr->attr("data-case").empty()) rows.push_back(tr->attr("data-case"));
    EXPECT_EQ(rows, (std::vector<std::string>{"CVD#2", "CVD#1"}));
    EXPECT_NE(page.find("href=\"" + advisoryPage("CVD#2", language) + "\""), std::string::npos);
    EXPECT_NE(page.find("2026-03-02"), std::string::npos);  // local day in Tokyo
    EXPECT_NE(page.find("Old &lt;b&gt;bug&lt;/b&gt;"), std::string::npos);
    EXPECT_EQ(page.find("<b>"), std::string::npos);
  }
  const auto empty = renderAdvisoryIndex({}, "CERT", zone, Language::English);
  EXPECT_NE(empty.find("No advisory has been published yet."), std::string::npos);
}

TEST(SiteWriter, ReplacesTheOldSiteWholeAndLeavesNothingBehind) {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "www" / "site";
  Site first;
  first.files = {{"index.html", "one"}, {"csaf/2026/a.json", "{}"}, {"old/only.txt", "x"}};
  auto wrote = writeSiteAtomically(dir, first);
  EXPECT_EQ(wrote.written, 3u);
  EXPECT_EQ(wrote.bytes, 6u);
  Site second;
  second.files = {{"index.html", "two"}, {"csaf/2026/b.json", "[]"}};
  wrote = writeSiteAtomically(dir, second);
  EXPECT_EQ(filesUnder(dir), (std::set<std::string>{"index.html", "csaf/2026/b.json"}));
  EXPECT_EQ(readFile(dir / "index.html"), "two");
  EXPECT_EQ(siblingsOf(dir), std::set<std::string>{});
  // Readable by a web server whatever cvdd's umask (0077 under systemd).
  struct stat st {};
  ASSERT_EQ(::stat((dir / "csaf/2026/b.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  ASSERT_EQ(::stat((dir / "csaf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST(SiteWriter, AFailureMidWayLeavesTheOldSiteIntact) {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "site";
  Site good;
  good.files = {{"index.html", "good"}, {"stats/stats.json", "{}"}};
  writeSiteAtomically(dir, good);
  // "a" is written as a file, then "a/b" needs it to be a directory: the write fails after
  // files were already written into the new tree.
  Site broken;
  broken.files = {{"0.html", "first"}, {"a", "file"}, {"a/b", "cannot be"}};
  EXPECT_THROW(writeSiteAtomically(dir, broken), std::system_error);
  EXPECT_EQ(filesUnder(dir), (std::set<std::string>{"index.html", "stats/stats.json"}));
  EXPECT_EQ(readFile(dir / "index.html"), "good");
  EXPECT_EQ(siblingsOf(dir), std::set<std::string>{});

  for (const std::string bad : {"/etc/passwd", "../escape", "a/./b", "", "dir/"}) {
    Site hostile;
    hostile.files = {{bad, "x"}};
    EXPECT_THROW(writeSiteAtomically(dir, hostile), std::invalid_argument) << bad;
  }
  EXPECT_EQ(readFile(dir / "index.html"), "good");
  EXPECT_FALSE(fs::exists(tmp.path() / "escape"));
}

TEST(SiteWriter, APartialSiteKeepsTheRestAndDropsWhatItReplaces) {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "site";
  Site full;
  full.files = {{"index.html", "v1"},
                {"advisories/CVD-1/index.html", "case 1"},
                {"advisories/CVD-1/vendors/gone.html", "stale"},
                {"advisories/CVD-2/index.html", "case 2"},
                {"csaf/2026/cvd_1.json", "doc 1"},
                {"csaf/2026/cvd_2.json", "doc 2"}};
  writeSiteAtomically(dir, full);
  Site one;
  one.keepCurrent = true;
  one.replaced = {"advisories/CVD-1/", "csaf/2026/cvd_1.json"};
  one.files = {{"index.html", "v2"}, {"advisories/CVD-1/index.html", "case 1 again"}};
  const auto wrote = writeSiteAtomically(dir, one);
  EXPECT_EQ(wrote.written, 2u);
  EXPECT_EQ(wrote.kept, 0u);  // left where they are, not linked anew
  EXPECT_EQ(filesUnder(dir),
            (std::set<std::string>{"index.html", "advisories/CVD-1/index.html",
                                   "advisories/CVD-2/index.html", "csaf/2026/cvd_2.json"}));
  EXPECT_EQ(readFile(dir / "advisories/CVD-1/index.html"), "case 1 again");
  EXPECT_EQ(readFile(dir / "advisories/CVD-2/index.html"), "case 2");
  EXPECT_EQ(readFile(dir / "index.html"), "v2");
  EXPECT_EQ(siblingsOf(dir), std::set<std::string>{});
}

TEST(SiteWriter, APartialSiteMovesInPlaceAndClearsAStagingAreaADeadWriterLeft) {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "site";
  Site full;
  full.files = {{"index.html", "v1"}, {"advisories/CVD-1/index.html", "case 1"}};
  writeSiteAtomically(dir, full);
  struct stat before {};
  ASSERT_EQ(::stat(dir.c_str(), &before), 0);
  fs::create_directories(dir / ".staging-999-1" / "d0");  // a writer died mid-way
  Site one;
  one.keepCurrent = true;
  one.replaced = {"advisories/CVD-2/"};
  one.files = {{"index.html", "v2"}, {"advisories/CVD-2/index.html", "case 2"}};
  const auto wrote = writeSiteAtomically(dir, one);
  EXPECT_EQ(wrote.written, 2u);
  EXPECT_EQ(filesUnder(dir), (std::set<std::string>{"index.html", "advisories/CVD-1/index.html",
                                                    "advisories/CVD-2/index.html"}));
  EXPECT_EQ(readFile(dir / "advisories/CVD-2/index.html"), "case 2");
  struct stat after {};
  ASSERT_EQ(::stat(dir.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino) << "updated in place, not swapped as a whole";
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".staging-")) << entry.path();
  EXPECT_EQ(fs::status(dir / "advisories/CVD-2").permissions(), fs::perms(0755));
  EXPECT_EQ(fs::status(dir / "index.html").permissions(), fs::perms(0644));
}

TEST(SiteWriter, ASymlinkedSiteDirectoryKeepsItsLink) {
  test::TempDir tmp;
  fs::create_directories(tmp.path() / "real");
  fs::create_symlink(tmp.path() / "real", tmp.path() / "site");
  Site site;
  site.files = {{"index.html", "via link"}};
  writeSiteAtomically(tmp.path() / "site", site);
  EXPECT_TRUE(fs::is_symlink(tmp.path() / "site"));
  EXPECT_EQ(readFile(tmp.path() / "site" / "index.html"), "via link");
}

}  // namespace
}  // namespace cvdd::publication
