#include "crypto/context_pool.hpp"

namespace cvdd::crypto {

ContextPool::Lease::~Lease() {
  if (ctx_ == nullptr) return;  // moved from
  const std::scoped_lock lock(pool_->mutex_);
  pool_->idle_.push_back(std::move(ctx_));
}

core::Result<ContextPool::Lease> ContextPool::borrow() {
  {
    const std::scoped_lock lock(mutex_);
    if (!idle_.empty()) {
      gpgme::Context ctx = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(ctx));
    }
  }
  // Made outside the lock: it runs a process, and other borrowers need not wait for it.
  auto ctx = make();
  if (!ctx) return tl::unexpected(ctx.error());
  return Lease(*this, std::move(*ctx));
}

core::Result<gpgme::Context> ContextPool::make() const {
  const std::string where = "keyring " + home_.string();
  gpgme_ctx_t raw = nullptr;
  if (const gpgme_error_t err = gpgme_new(&raw); err != 0) {
    return core::fail(core::Errc::Io, where, "gpgme_new: " + gpgme::errorText(err));
  }
  gpgme::Context ctx(raw);
  // The engine is the process default (gpgme_set_engine_info, or gpg where GPGME finds
  // it); only the home is this pool's.
  std::string engine;
  for (gpgme_engine_info_t info = gpgme_ctx_get_engine_info(raw); info != nullptr;
       info = info->next) {
    if (info->protocol == protocol_ && info->file_name != nullptr) {
      engine = info->file_name;
    }
  }
  const std::string home = home_.string();
  for (const gpgme_error_t err :
       {gpgme_set_protocol(raw, protocol_),
        gpgme_ctx_set_engine_info(raw, protocol_, engine.empty() ? nullptr : engine.c_str(),
                                  home.c_str()),
        // Cancel mode: a key that needs a passphrase is skipped at once and gpg goes on to
        // the next usable key. (Refusing in a loopback callback made GPGME abandon the
        // whole message, even when it was also encrypted to a key without a passphrase.)
        gpgme_set_pinentry_mode(raw, GPGME_PINENTRY_MODE_CANCEL),
        // A CMS listing validates each certificate's chain (trustlist.txt, expiry, and CRLs
        // as gpgsm.conf says), so that "usable" means gpgsm would encrypt to it.
        gpgme_set_keylist_mode(raw,
                               protocol_ == GPGME_PROTOCOL_OpenPGP
                                   ? GPGME_KEYLIST_MODE_LOCAL | GPGME_KEYLIST_MODE_WITH_SECRET
                                   : GPGME_KEYLIST_MODE_LOCAL | GPGME_KEYLIST_MODE_VALIDATE)}) {
    if (err != 0) {
      return core::fail(core::Errc::Io, where, "configuring gpgme: " + gpgme::errorText(err));
    }
  }
  if (protocol_ == GPGME_PROTOCOL_OpenPGP) {
    gpgme_set_armor(raw, 1);
    gpgme_set_offline(raw, 1);  // --disable-dirmngr: no key server, no WKD
  }
  return ctx;
}

}  // namespace cvdd::crypto
