#pragma once
// The public unreachable-vendors list (003 §7, figures 3–5), built from the workflows and
// what the registry says of each vendor. Pure. Only vendors listed now appear
// (listedUnreachable); an entry carries nothing of the case: no case ID, no vulnerability.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/lifecycle.hpp"
#include "core/time_zone.hpp"

namespace cvdd::core {

/// How far the listing of one vendor has gone (003 §7-1, §7-2).
enum class ListingStage {
  Listed,             // by name (figure 3)
  ProductsDisclosed,  // + product name and version (figure 4)
  ContactDeadline,    // + the date contact is accepted until (figure 5)
};

/// "listed", "products-disclosed", "contact-deadline".
std::string_view listingStageName(ListingStage stage);

/// What the registry and the case may show of a listed vendor.
struct ListedVendorFacts {
  std::string name;         // the registry's organisation; "" when it has no entry
  std::string relatedLink;  // a link to the developer or its product; may be empty
};

struct ListingFacts {
  std::map<std::string, ListedVendorFacts> vendors;  // by vendor id
  std::map<std::string, std::string> caseProducts;   // case id → product name and version
};

struct UnreachableEntry {
  std::string inquiryNumber;  // "DID#00042"
  std::string vendorName;     // organisation; the vendor id only when the registry has none
  std::string relatedLink;
  CivilDate listedOn;
  std::string products;  // empty until disclosed
  std::optional<CivilDate> productsDisclosedOn;
  std::optional<CivilDate> contactDeadline;  // once added (figure 5)
  std::optional<CivilDate> contactDeadlineAddedOn;
  std::optional<UnreachableReason> reason;  // no channel / unknown developer, for the notes
  ListingStage stage = ListingStage::Listed;

  friend bool operator==(const UnreachableEntry&, const UnreachableEntry&) = default;
};

/// Every vendor listed now across the workflows, ordered by inquiry number (numeric);
/// dates are local to tz. A listed vendor without an inquiry number (never written by the
/// store) is left out: nobody could answer for it. Never fails.
std::vector<UnreachableEntry> unreachableListing(const std::vector<CaseWorkflow>& workflows,
                                                 const ListingFacts& facts, const TimeZone& tz);

}  // namespace cvdd::core
