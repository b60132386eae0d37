#pragma once
// Errors as values inside cvdd: every error says what went wrong and where.

#include <string>
#include <tl/expected.hpp>

namespace cvdd::core {

enum class Errc {
  MalformedMime,
  BadCharset,
  LimitExceeded,
  NotFound,
  Duplicate,
  InvalidConfig,
  Io,
  IllegalTransition,
};

struct Error {
  Errc code;
  std::string where;  // e.g. "part 1.2 @ byte 4096", "[smtp] url"
  std::string what;   // human-readable reason
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(Errc code, std::string where, std::string what) {
  return tl::unexpected<Error>(Error{code, std::move(where), std::move(what)});
}

}  // namespace cvdd::core
