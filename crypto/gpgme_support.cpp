#include "crypto/gpgme_support.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace cvdd::crypto::gpgme {

std::string errorText(gpgme_error_t err) {
  std::array<char, 256> buffer{};
  gpgme_strerror_r(err, buffer.data(), buffer.size());
  return std::string(buffer.data()) + " (" + gpgme_strsource(err) + ")";
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

core::Result<Data> inputData(std::string_view bytes, std::string_view where) {
  gpgme_data_t raw = nullptr;
  // GPGME wants a valid pointer even for no bytes.
  static constexpr char kEmpty[] = "";
  const char* begin = bytes.empty() ? kEmpty : bytes.data();
  if (const gpgme_error_t err = gpgme_data_new_from_mem(&raw, begin, bytes.size(), 0); err != 0) {
    return core::fail(core::Errc::Io, std::string(where),
                      "gpgme_data_new_from_mem: " + errorText(err));
  }
  return Data(raw);
}

core::Result<Data> outputData(std::string_view where) {
  gpgme_data_t raw = nullptr;
  if (const gpgme_error_t err = gpgme_data_new(&raw); err != 0) {
    return core::fail(core::Errc::Io, std::string(where), "gpgme_data_new: " + errorText(err));
  }
  return Data(raw);
}

std::string readAll(gpgme_data_t data) {
  std::string out;
  if (gpgme_data_seek(data, 0, SEEK_SET) < 0) return out;
  std::array<char, 16384> buffer{};
  for (;;) {
    const ssize_t n = gpgme_data_read(data, buffer.data(), buffer.size());
    if (n <= 0) break;
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace cvdd::crypto::gpgme
