#pragma once
// Puts a built site on disk so that a web server serving [publication] dir never sees half
// of one: the new tree is written beside it, made durable, then swapped in by one rename.

#include <cstdint>
#include <filesystem>

#include "publication/site.hpp"

namespace cvdd::publication {

/// What a write did.
struct SiteWrite {
  std::size_t written = 0;  // files written from Site::files
  std::size_t kept = 0;     // unused: a partial site leaves the rest where it is
  std::uint64_t bytes = 0;  // bytes written
};

/// Makes `dir` hold exactly `site`. A whole site: writes a temporary directory beside dir
/// (same file system), syncs it, and exchanges it with dir in one renameat2(RENAME_EXCHANGE)
/// (a plain rename when dir does not exist yet); the old tree is removed afterwards. A
/// partial site (keepCurrent) over an existing dir: updated in place, one case directory or
/// file at a time, each swapped in whole, the indexes last (see updateInPlace), because
/// re-linking every other file of a large site into a new tree costs seconds. A symlinked dir is followed: its target is swapped.
/// Writers are serialised by a lock file beside dir, so cvdd and cvdctl never interleave.
/// Files are 0644 and directories 0755 whatever the umask: a web server must read them.
/// Throws std::invalid_argument for a path that is absolute, empty or has "." or ".."
/// components, and std::system_error naming the path on any I/O failure; either way the
/// current site is left as it was and no temporary directory remains.
SiteWrite writeSiteAtomically(const std::filesystem::path& dir, const Site& site);

}  // namespace cvdd::publication
