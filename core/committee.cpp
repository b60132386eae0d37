#include "core/committee.hpp"

namespace cvdd::core {

std::string_view impactName(Impact impact) {
  switch (impact) {
    case Impact::Priority:
      return "priority";
    case Impact::Normal:
      return "normal";
    case Impact::Simple:
      return "simple";
  }
  return "unknown";
}

CommitteeDecision committeeDecision(Impact impact, bool verifiable) {
  switch (impact) {
    case Impact::Priority:
      return verifiable ? CommitteeDecision::CommitteeDecides
                        : CommitteeDecision::CommitteeDecidesConsideringCost;
    case Impact::Normal:
      return verifiable ? CommitteeDecision::CommitteeDecides : CommitteeDecision::HandlingEnds;
    case Impact::Simple:
      return CommitteeDecision::HandlingEnds;
  }
  return CommitteeDecision::CommitteeDecides;
}

std::string_view committeeDecisionName(CommitteeDecision decision) {
  switch (decision) {
    case CommitteeDecision::CommitteeDecides:
      return "committee-decides";
    case CommitteeDecision::CommitteeDecidesConsideringCost:
      return "committee-decides-considering-cost";
    case CommitteeDecision::HandlingEnds:
      return "handling-ends";
  }
  return "unknown";
}

std::string assessmentText(const Assessment& assessment) {
  return "impact " + std::string(impactName(assessment.impact)) +
         (assessment.verifiable ? ", verifiable" : ", not verifiable");
}

std::string_view committeeOutcomeName(CommitteeOutcome outcome) {
  switch (outcome) {
    case CommitteeOutcome::Publish:
      return "publish";
    case CommitteeOutcome::EndHandling:
      return "end-handling";
    case CommitteeOutcome::Continue:
      return "continue";
  }
  return "unknown";
}

}  // namespace cvdd::core
