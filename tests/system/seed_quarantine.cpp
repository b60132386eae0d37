// Test helper: quarantines messages in a cvdd store as the daemon's intake would (inbox
// item, quarantine item, raw bytes), for the cvdctl state system test. One per stdin line:
//   INBOX_KEY STATE DAYS_AGO CASE_ID|- SIZE FILL_CHAR
// (SIZE bytes of FILL_CHAR: equal lines quarantine equal bytes). With a case, the case is
// created when missing and gets the message in its timeline, authenticated when accepted.
// Usage: seed_quarantine STATE_DIR/db < lines

#include <chrono>
#include <iostream>
#include <sstream>
#include <string>

#include "store/digest.hpp"
#include "store/store.hpp"

namespace {

cvdd::store::QuarantineState stateNamed(const std::string& name) {
  if (name == "accepted") return cvdd::store::QuarantineState::Accepted;
  if (name == "rejected") return cvdd::store::QuarantineState::Rejected;
  return cvdd::store::QuarantineState::Pending;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: seed_quarantine STORE_DIR < lines\n";
    return 2;
  }
  using namespace cvdd;
  auto store = store::Store::open(argv[1]);
  auto txn = store.write();
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream fields(line);
    std::string key, state, caseId;
    int daysAgo = 0;
    std::size_t size = 0;
    char fill = 0;
    if (!(fields >> key >> state >> daysAgo >> caseId >> size >> fill)) {
      std::cerr << "bad line: " << line << "\n";
      return 2;
    }
    if (caseId == "-") caseId.clear();
    const std::string raw(size, fill);
    const core::Timestamp at = now - std::chrono::days{daysAgo};
    store::QuarantineItem item;
    item.inboxKey = key;
    item.caseId = caseId;
    item.reason = "seeded";
    item.at = at;
    item.state = stateNamed(state);
    if (item.state != store::QuarantineState::Pending) item.decidedBy = "seeder";
    if (!caseId.empty()) {
      auto c = txn.getCase(caseId).value_or(core::Case{});
      c.id = caseId;
      core::TimelineEntry entry{};
      entry.at = at;
      entry.direction = core::Direction::Inbound;
      entry.role = core::MessageRole::Reply;
      entry.messageKey = key;
      entry.authenticated = item.state == store::QuarantineState::Accepted;
      c.timeline.push_back(entry);
      txn.putCase(c);
    }
    txn.putInbox({key, store::sha256Hex(raw), at, caseId, true});
    txn.addQuarantine(item);
    txn.putRawMessage(key, raw);
  }
  txn.commit();
  return 0;
}
