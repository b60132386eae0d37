#pragma once
// Content digests for stored messages.

#include <string>
#include <string_view>

namespace cvdd::store {

/// Lower-case hex SHA-256 of bytes (64 characters); throws StoreError if OpenSSL fails.
std::string sha256Hex(std::string_view bytes);

}  // namespace cvdd::store
