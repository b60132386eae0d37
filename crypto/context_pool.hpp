#pragma once
// Internal to crypto/: GPGME contexts on one GnuPG home, lent to one operation at a time.
//
// A GPGME context must not be used by two threads at once, and making one runs
// `gpg --version` (gpgme_ctx_set_engine_info asks the engine its version). So contexts are
// made when more operations run at once than there are idle ones, and kept: the pool grows
// to the largest number of simultaneous operations and no further.

#include <gpgme.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "crypto/gpgme_support.hpp"

namespace cvdd::crypto {

class ContextPool {
 public:
  /// A context lent to the holder until it goes out of scope. Operations leave no state
  /// behind that the next borrower could trip on (signers are cleared after use).
  class Lease {
   public:
    Lease(ContextPool& pool, gpgme::Context ctx) : pool_(&pool), ctx_(std::move(ctx)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    gpgme_ctx_t get() const { return ctx_.get(); }

   private:
    ContextPool* pool_;
    gpgme::Context ctx_;
  };

  /// OpenPGP contexts run offline (no key server, no WKD). CMS contexts do not: whether
  /// gpgsm asks dirmngr for CRLs is the operator's policy in gpgsm.conf.
  explicit ContextPool(std::filesystem::path gnupgHome,
                       gpgme_protocol_t protocol = GPGME_PROTOCOL_OpenPGP)
      : home_(std::move(gnupgHome)), protocol_(protocol) {}

  /// An idle context, or a new one. Error: GPGME cannot make or configure a context.
  core::Result<Lease> borrow();

 private:
  core::Result<gpgme::Context> make() const;

  const std::filesystem::path home_;
  const gpgme_protocol_t protocol_;
  std::mutex mutex_;
  std::vector<gpgme::Context> idle_;
};

}  // namespace cvdd::crypto
