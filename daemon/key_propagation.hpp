#pragma once
// A contact's key, once an operator binds it, reaches every case that contact is part of.
//
// A case copies its participants' keys when they join it (a vendor's contacts, a
// reporter's signed key), so that authentication and encryption follow the case. Without
// this, a vendor that re-keyed after a compromise would keep being checked against, and
// encrypted to, its old key in every case already open.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/store.hpp"

namespace cvdd::daemon {

/// Binds fingerprint to address as operatorName's binding (protocol "openpgp" for an
/// OpenPGP key, "cms" for an S/MIME certificate), sets it on the vendor contact with that
/// address (if any), and on the participant with that address in every case that is
/// neither stopped nor closed, each with a "key-bound" history event. Returns the IDs of
/// the cases changed.
std::vector<std::string> bindContactKey(store::WriteTxn& txn, std::string_view address,
                                        const std::string& fingerprint,
                                        const std::string& operatorName, core::Timestamp now,
                                        const std::string& protocol = "openpgp");

}  // namespace cvdd::daemon
