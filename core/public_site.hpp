#pragma once
// What of a case the public may see (issue 12 item 6): the one rule every page of the
// published site is filtered by, and the test that tells whether a change to a case may
// change that site.

#include "core/lifecycle.hpp"

namespace cvdd::core {

/// True for a published case (still published, or closed after publication): only these
/// appear on the site. A stopped, cancelled or scheduled case never does.
bool isPublished(const CaseWorkflow& workflow);

/// True when a write of this workflow may change the published site: the case is published,
/// or one of its vendors is or was on the unreachable list (the list names vendors of cases
/// that are not published). Errs on the side of true: a site regenerated for nothing is the
/// same site.
bool touchesPublicSite(const CaseWorkflow& workflow);

}  // namespace cvdd::core
