#include "core/participant.hpp"

#include <algorithm>
#include <cctype>

namespace cvdd::core {

std::string_view participantRoleName(ParticipantRole role) {
  switch (role) {
    case ParticipantRole::Reporter:
      return "reporter";
    case ParticipantRole::Vendor:
      return "vendor";
    case ParticipantRole::RelatedOrganisation:
      return "related-organisation";
    case ParticipantRole::PriorityRecipient:
      return "priority-recipient";
  }
  return "unknown";
}

std::optional<ParticipantRole> participantRoleFromName(std::string_view name) {
  for (auto role : {ParticipantRole::Reporter, ParticipantRole::Vendor,
                    ParticipantRole::RelatedOrganisation, ParticipantRole::PriorityRecipient})
    if (participantRoleName(role) == name) return role;
  return std::nullopt;
}

std::string normalizeAddress(std::string_view address) {
  std::string out(address);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const Participant* findParticipant(const std::vector<Participant>& participants,
                                   std::string_view address) {
  const std::string wanted = normalizeAddress(address);
  for (const auto& p : participants)
    if (!wanted.empty() && normalizeAddress(p.address) == wanted) return &p;
  return nullptr;
}

}  // namespace cvdd::core
