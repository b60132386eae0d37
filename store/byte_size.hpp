#pragma once
// Byte counts as an operator reads them in messages and cvdctl output.

#include <cstdint>
#include <string>

namespace cvdd::store {

/// "512 bytes", "64 KiB", "1.5 MiB", "4 GiB": binary units, one decimal when not whole.
std::string formatByteSize(std::uint64_t bytes);

}  // namespace cvdd::store
