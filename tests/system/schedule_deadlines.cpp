// Test helper: schedules deadlines in a cvdd store, for the cvdctl deadlines system test
// (nothing in cvdd schedules them from the command line yet). One deadline per stdin line:
//   CASE_ID KIND VENDOR_ID|- YYYY-MM-DD DUE_EPOCH_SECONDS
// Usage: schedule_deadlines STATE_DIR/db < lines

#include <iostream>
#include <sstream>
#include <string>

#include "core/deadline.hpp"
#include "store/store.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: schedule_deadlines STORE_DIR < lines\n";
    return 2;
  }
  auto store = cvdd::store::Store::open(argv[1]);
  auto txn = store.write();
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream fields(line);
    std::string caseId, kind, vendor, date;
    long long due = 0;
    if (!(fields >> caseId >> kind >> vendor >> date >> due)) {
      std::cerr << "bad line: " << line << "\n";
      return 2;
    }
    cvdd::core::Deadline d;
    bool known = false;
    for (int k = 0; k <= static_cast<int>(cvdd::core::DeadlineKind::PublicationTargetWarning); ++k)
      if (cvdd::core::deadlineKindName(static_cast<cvdd::core::DeadlineKind>(k)) == kind) {
        d.kind = static_cast<cvdd::core::DeadlineKind>(k);
        known = true;
      }
    const auto civil = cvdd::core::parseDate(date);
    if (!known || !civil) {
      std::cerr << "bad kind or date: " << line << "\n";
      return 2;
    }
    d.vendorId = vendor == "-" ? "" : vendor;
    d.date = *civil;
    d.due = cvdd::core::Timestamp{std::chrono::seconds{due}};
    txn.scheduleDeadline(caseId, d);
  }
  txn.commit();
  return 0;
}
