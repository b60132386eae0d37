#pragma once
// Internal to crypto/: owning handles for GPGME objects and the conversions every file
// that talks to GPGME needs. Public headers never include this (no GPGME type leaves
// crypto/).

#include <gpgme.h>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/error.hpp"

namespace cvdd::crypto::gpgme {

struct DataRelease {
  void operator()(gpgme_data_t d) const { gpgme_data_release(d); }
};
using Data = std::unique_ptr<std::remove_pointer_t<gpgme_data_t>, DataRelease>;

struct KeyUnref {
  void operator()(gpgme_key_t k) const { gpgme_key_unref(k); }
};
using Key = std::unique_ptr<std::remove_pointer_t<gpgme_key_t>, KeyUnref>;

struct ContextRelease {
  void operator()(gpgme_ctx_t c) const { gpgme_release(c); }
};
using Context = std::unique_ptr<std::remove_pointer_t<gpgme_ctx_t>, ContextRelease>;

/// "No public key (GPGME)": GPGME's text and source for an error code.
std::string errorText(gpgme_error_t err);

std::string upper(std::string_view text);
std::string lower(std::string_view text);

/// A buffer GPGME reads without copying; the bytes must outlive the data object.
core::Result<Data> inputData(std::string_view bytes, std::string_view where);
core::Result<Data> outputData(std::string_view where);

/// Everything written to an output buffer (empty when it cannot be rewound).
std::string readAll(gpgme_data_t data);

}  // namespace cvdd::crypto::gpgme
