// `cvdctl case csaf ID [--version N]`: the CSAF 2.0 security advisory of a published case,
// printed from a read transaction (publication::csafDocument). Refused, exit 4, for a case
// that is not published: nothing of an embargoed case is ever printed as public.

#include <iostream>

#include "cli/commands.hpp"
#include "publication/csaf.hpp"

namespace cvdd::cli {

namespace {

/// Exit code of a refusal, as for the lifecycle steps (workflow_commands.cpp).
constexpr int kRefused = 4;

struct CsafArgs {
  std::string caseId;
  int version = 0;  // 0: one revision at publication plus one per later vendor statement
  std::string namespaceUrl;
  std::string documentsUrl;
};

}  // namespace

void addCaseCsafCommand(CLI::App* group, Context& ctx) {
  auto args = std::make_shared<CsafArgs>();
  auto* csaf = group->add_subcommand(
      "csaf", "print the CSAF 2.0 security advisory of a published case (refused before)");
  csaf->add_option("id", args->caseId, "case ID, e.g. CVD#12345678")->required();
  csaf->add_option("--version", args->version,
                   "document version, monotonic (default: 1 + the vendor statements recorded "
                   "after publication; a lower version is refused)")
      ->check(CLI::Range(1, 100000));
  csaf->add_option("--namespace", args->namespaceUrl,
                   "publisher namespace (default: [publication] csaf_namespace)");
  csaf->add_option(
      "--documents-url", args->documentsUrl,
      "where the CSAF documents are served (default: [publication] base_url/csaf), for the "
      "document's canonical URL <url>/<year>/<file>");
  csaf->callback([&ctx, args] {
    const auto& coordinator = ctx.config().coordinator;
    auto txn = ctx.store().read();
    const auto c = txn.getCase(args->caseId);
    if (!c) throw CommandError(1, "no case " + args->caseId);
    const auto workflow = txn.getWorkflow(args->caseId);
    if (!workflow || !workflow->publishedAt)
      throw CommandError(kRefused, args->caseId +
                                       ": the case is not published: no CSAF "
                                       "document before publication");
    publication::CsafSource source{args->caseId,
                                   c->language,
                                   txn.getReport(args->caseId).value_or(store::CaseReport{}),
                                   *workflow,
                                   {}};
    for (const auto& v : workflow->vendors)
      if (auto record = txn.getVendor(v.vendorId)) source.registry.push_back(std::move(*record));

    const auto changes = publication::statusChangesAfterPublication(*workflow);
    const int derived = 1 + static_cast<int>(changes.size());
    if (args->version != 0 && args->version < derived)
      throw CommandError(2, "--version " + std::to_string(args->version) +
                                " would go back: the case has had " + std::to_string(derived) +
                                " revisions");
    const int version = args->version != 0 ? args->version : derived;
    // The defaults are the published site's (publication::sitePublisher): the same
    // document as `cvdctl publish` writes.
    const auto& site = ctx.config().publication;
    publication::CsafPublisher publisher{
        coordinator.name, args->namespaceUrl.empty() ? site.csafNamespace : args->namespaceUrl,
        args->documentsUrl.empty() ? site.baseUrl + "/csaf" : args->documentsUrl};
    const auto doc = publication::csafDocument(
        source, publisher,
        publication::csafRevisions(*workflow->publishedAt, version, changes, ctx.now()));
    if (!doc)
      throw CommandError(doc.error().code == core::Errc::IllegalTransition ? kRefused : 2,
                         doc.error().where + ": " + doc.error().what);
    std::cout << doc->dump(2) << "\n";
  });
}

}  // namespace cvdd::cli
