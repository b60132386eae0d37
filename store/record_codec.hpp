#pragma once
// Private to store/: the JSON form of stored records.
//
// Field names are explicit and stable, times are int64 epoch seconds, enums are their
// names ("received", "in"/"out", "report"/"reply"/"acknowledgement", "ja"/"en",
// "pending"/"sent"), so cvdctl and `mdb_dump` readers need no knowledge of C++ layouts.
// An outbox entry's raw message is not part of its JSON: it is stored as bytes beside it
// (it may hold 8-bit data that is not UTF-8).
//
// encode* throws std::invalid_argument when a string is not valid UTF-8; decode* throws
// std::invalid_argument (or a nlohmann::json exception) for a malformed record. The store
// turns both into StoreError naming the database and key.

#include <string>
#include <string_view>

#include "core/case.hpp"
#include "core/deadline.hpp"
#include "core/lifecycle.hpp"
#include "store/records.hpp"

namespace cvdd::store::codec {

std::string encodeCase(const core::Case& c);
core::Case decodeCase(std::string_view json);

std::string encodeCaseSummary(const CaseSummary& summary);
CaseSummary decodeCaseSummary(std::string_view json);

std::string encodeInboxItem(const InboxItem& item);
InboxItem decodeInboxItem(std::string_view json);

/// Everything but raw.
std::string encodeOutboxEntry(const OutboxEntry& entry);
/// raw is left empty.
OutboxEntry decodeOutboxEntry(std::string_view json);

std::string encodeKeyBinding(const KeyBinding& binding);
KeyBinding decodeKeyBinding(std::string_view json);

std::string encodeQuarantineItem(const QuarantineItem& item);
QuarantineItem decodeQuarantineItem(std::string_view json);

std::string encodeRaisedAlert(const RaisedAlert& alert);
RaisedAlert decodeRaisedAlert(std::string_view json);

std::string encodeQuarantinePurge(const QuarantinePurge& purge);
QuarantinePurge decodeQuarantinePurge(std::string_view json);

std::string encodeSourcePosition(const SourcePosition& position);
SourcePosition decodeSourcePosition(std::string_view json);

/// Contact addresses as given (the store lower-cases them for its index only).
std::string encodeVendor(const VendorRecord& vendor);
VendorRecord decodeVendor(std::string_view json);

/// The whole workflow: stage, reasons, vendors (attempts, clocks, status), the
/// publication date as "YYYY-MM-DD", priority provisions, fired deadlines and history.
/// Throws std::invalid_argument for a publication date that would not read back.
std::string encodeWorkflow(const core::CaseWorkflow& workflow);
core::CaseWorkflow decodeWorkflow(std::string_view json);

std::string encodeReport(const CaseReport& report);
CaseReport decodeReport(std::string_view json);

/// kind, vendorId, date ("YYYY-MM-DD") and due (epoch seconds).
std::string encodeDeadline(const core::Deadline& deadline);
core::Deadline decodeDeadline(std::string_view json);
/// A deadline_by_case record: the deadline's fields plus, once a firing failed, "retry"
/// {attempts, at, error}. caseId is not part of it (it is the record's key).
std::string encodeScheduledDeadline(const ScheduledDeadline& entry);
ScheduledDeadline decodeScheduledDeadline(std::string_view json);

/// Replaces bytes that are not valid UTF-8 with U+FFFD: for text we only record and that
/// a remote party controls (an SMTP server's error reply).
std::string sanitizeUtf8(std::string_view text);

}  // namespace cvdd::store::codec
