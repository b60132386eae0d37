#pragma once
// The rows of ../shared/corpus/EXPECTED-pgp-gnupg.tsv, shared by the tests that hold cvdd's
// verdicts against it (parsers: structure; crypto: signatures and decryption).

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

namespace cvdd::test {

struct ExpectedPgpRow {
  std::string file;        // relative to the corpus folder
  std::string signatures;  // "GOODSIG:<keyid>@<path>;…", "none", …
  std::string encryption;  // "decrypts", "not-encrypted", "fails", …
  std::string notes;
};

/// Every data row of the TSV (comments and blank lines skipped); missing columns are empty.
inline std::vector<ExpectedPgpRow> readExpectedPgpRows(const std::filesystem::path& tsv) {
  std::vector<ExpectedPgpRow> rows;
  std::ifstream in(tsv);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("#")) continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cols.push_back(line.substr(start, tab - start));
    cols.push_back(line.substr(start));
    cols.resize(4);
    rows.push_back({cols[0], cols[1], cols[2], cols[3]});
  }
  return rows;
}

/// Test names show the file.
inline void PrintTo(const ExpectedPgpRow& row, std::ostream* os) {
  *os << row.file;
}

}  // namespace cvdd::test
