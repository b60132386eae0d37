#pragma once
// Who takes part in a case, and how cvdd may recognise their mail.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdd::core {

enum class ParticipantRole { Reporter, Vendor, RelatedOrganisation, PriorityRecipient };

std::string_view participantRoleName(ParticipantRole role);
std::optional<ParticipantRole> participantRoleFromName(std::string_view name);

struct Participant {
  std::string address;  // registered contact, lower-case
  ParticipantRole role = ParticipantRole::Reporter;
  std::string name;                           // organisation or person, may be empty
  std::optional<std::string> keyFingerprint;  // registered OpenPGP key (upper-case hex)
};

/// Lower-cases an address for comparison (the local part too: cvdd treats addresses
/// case-insensitively, as practically every mail system does).
std::string normalizeAddress(std::string_view address);

/// The participant whose registered address is this one, if any.
const Participant* findParticipant(const std::vector<Participant>& participants,
                                   std::string_view address);

}  // namespace cvdd::core
