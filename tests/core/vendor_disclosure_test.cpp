// The disclosure rule for the reporter's texts (000 ch.5 (ウ), (オ)), table-driven.

#include "core/vendor_disclosure.hpp"

#include <gtest/gtest.h>

#include <array>

#include "core/lifecycle.hpp"

using namespace cvdd::core;

namespace {

ReportProvenance provenance(bool consent, bool productByOperator, DetailsSource details,
                            bool credit = false) {
  return {consent, credit, productByOperator, details};
}

}  // namespace

TEST(DisclosureFor, WithoutConsentAThirdPartyReadsNothingTheReporterWrote) {
  const auto d = disclosureFor(Reader::ThirdParty, provenance(false, false, DetailsSource::None));
  EXPECT_FALSE(d.reporterIdentity);
  EXPECT_FALSE(d.originalSubject);
  EXPECT_FALSE(d.product);  // the product as the reporter wrote it
  EXPECT_FALSE(d.details);  // nothing written by the operator yet
  EXPECT_FALSE(d.credit);
}

TEST(DisclosureFor, WithoutConsentOnlyTheOperatorsTextsReachAThirdParty) {
  const auto d =
      disclosureFor(Reader::ThirdParty, provenance(false, true, DetailsSource::Operator));
  EXPECT_TRUE(d.product);
  EXPECT_TRUE(d.details);
  EXPECT_FALSE(d.reporterIdentity);
  EXPECT_FALSE(d.originalSubject);
}

TEST(DisclosureFor, WithConsentTheReporterIdentityAndProductMayGoButNeverTheSubject) {
  const auto d = disclosureFor(Reader::ThirdParty, provenance(true, false, DetailsSource::None));
  EXPECT_TRUE(d.reporterIdentity);
  EXPECT_TRUE(d.product);
  EXPECT_FALSE(d.originalSubject);  // the subject may hold the vulnerability itself
  EXPECT_FALSE(d.details);          // consent does not release unconfirmed details
}

TEST(DisclosureFor, ConfirmedReporterTextCountsOnlyWhileTheReporterConsents) {
  EXPECT_TRUE(
      disclosureFor(Reader::ThirdParty, provenance(true, false, DetailsSource::ReportConfirmed))
          .details);
  EXPECT_FALSE(
      disclosureFor(Reader::ThirdParty, provenance(false, false, DetailsSource::ReportConfirmed))
          .details);
}

TEST(DisclosureFor, CreditFollowsThePublicationConsentNotTheVendorOne) {
  EXPECT_TRUE(disclosureFor(Reader::ThirdParty, provenance(false, false, DetailsSource::None, true))
                  .credit);
  EXPECT_FALSE(
      disclosureFor(Reader::ThirdParty, provenance(true, false, DetailsSource::None, false))
          .credit);
}

TEST(DisclosureFor, TheReporterAndTheCoordinatorReadEverythingWhateverTheConsent) {
  const Disclosure all{true, true, true, true, true, true};
  for (const Reader reader : {Reader::Reporter, Reader::Coordinator}) {
    EXPECT_EQ(disclosureFor(reader, provenance(false, false, DetailsSource::None)), all);
    EXPECT_EQ(disclosureFor(reader, provenance(true, true, DetailsSource::Operator)), all);
  }
}

TEST(DisclosureFor, TheAddressGoesToAVendorOnlyWithBothDirectContactAndIdentityConsent) {
  // (エ) direct contact and (ウ) identity, every combination: the address (and with it the
  // leave to contact the reporter) needs both; the name needs (ウ) alone.
  struct Row {
    bool identity;
    bool contact;
    bool address;
  };
  for (const Row row : {Row{false, false, false}, Row{false, true, false}, Row{true, false, false},
                        Row{true, true, true}}) {
    ReportProvenance p = provenance(row.identity, false, DetailsSource::None);
    p.directContactConsented = row.contact;
    const auto d = disclosureFor(Reader::ThirdParty, p);
    EXPECT_EQ(d.reporterDirectContact, row.address) << row.identity << row.contact;
    EXPECT_EQ(d.reporterIdentity, row.identity) << row.identity << row.contact;
  }
}

TEST(DetailsReleasable, RefusedUntilTheOperatorWroteOrConfirmedThemWhateverTheConsent) {
  struct Row {
    bool consent;
    DetailsSource source;
    bool released;
  };
  const std::array rows{
      Row{false, DetailsSource::None, false},
      Row{true, DetailsSource::None, false},
      Row{false, DetailsSource::Operator, true},
      Row{true, DetailsSource::Operator, true},
      Row{false, DetailsSource::ReportConfirmed, false},
      Row{true, DetailsSource::ReportConfirmed, true},
  };
  for (const auto& row : rows) {
    const auto released = detailsReleasable(provenance(row.consent, false, row.source));
    EXPECT_EQ(released.has_value(), row.released)
        << "consent " << row.consent << ", source " << detailsSourceName(row.source);
    if (!released) {
      EXPECT_EQ(released.error().code, Errc::InvalidConfig);
      EXPECT_NE(released.error().what.find("--details-file"), std::string::npos)
          << released.error().what;
    }
  }
}

TEST(DetailsReleasable, TheRefusalOffersTheReportersTextOnlyWhenTheyConsented) {
  const auto withConsent = detailsReleasable(provenance(true, false, DetailsSource::None));
  const auto without = detailsReleasable(provenance(false, false, DetailsSource::None));
  ASSERT_FALSE(withConsent);
  ASSERT_FALSE(without);
  EXPECT_NE(withConsent.error().what.find("--details-from-report"), std::string::npos);
  EXPECT_EQ(without.error().what.find("--details-from-report"), std::string::npos);
}

TEST(MayConfirmReportText, OnlyWithTheReportersConsent) {
  EXPECT_TRUE(mayConfirmReportText(provenance(true, false, DetailsSource::None)));
  const auto refused = mayConfirmReportText(provenance(false, false, DetailsSource::None));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::IllegalTransition);
}

TEST(NoticeCarriesDetails, TheDetailAndThePriorityAdvisoryOnly) {
  EXPECT_TRUE(noticeCarriesDetails("vulnerability-details"));
  EXPECT_TRUE(noticeCarriesDetails("priority-advisory"));
  for (const char* other : {"vulnerability-summary", "publication-date", "published", "reminder"})
    EXPECT_FALSE(noticeCarriesDetails(other)) << other;
}

TEST(NoticeIsConfidential, EveryNoticeThatCarriesDetailsIsConfidential) {
  for (const char* notice : {"vulnerability-details", "priority-advisory"}) {
    EXPECT_TRUE(noticeIsConfidential(notice, NoticeRecipient::Vendor));
    EXPECT_TRUE(noticeIsConfidential(notice, NoticeRecipient::PriorityRecipients));
  }
  EXPECT_TRUE(noticeIsConfidential("publication-cancelled", NoticeRecipient::Vendor));
  EXPECT_FALSE(noticeIsConfidential("publication-cancelled", NoticeRecipient::Reporter));
  EXPECT_FALSE(noticeIsConfidential("vulnerability-summary", NoticeRecipient::Vendor));
}
