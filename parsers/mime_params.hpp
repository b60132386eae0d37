#pragma once
// Private: MIME parameters (RFC 2045 §5.1, RFC 2231) as senders actually write them, and
// the file name of a part (Content-Disposition filename, Content-Type name).

#include <string>
#include <string_view>
#include <vector>

namespace cvdd::parsers::detail {

inline constexpr std::size_t kMaxParams = 64;

struct MimeParameter {
  std::string name;   // lower-cased, section markers kept: "filename*0*"
  std::string value;  // unquoted, backslash escapes resolved, otherwise raw bytes
};

/// The parameters of `text` ("a=1; b=\"x;y\"; c*=utf-8''%E3%81%82"), at most kMaxParams.
/// Tolerates spaces around "=", doubled or missing quotes, trailing ";" and a ";" inside
/// an unquoted value when what follows it is no parameter (mail-jdec fixtures).
std::vector<MimeParameter> splitParameters(std::string_view text);

/// First parameter of exactly that (lower-case) name, or nullptr.
const std::string* findParameter(const std::vector<MimeParameter>& params, std::string_view name);

/// A text parameter such as filename or name, decoded to UTF-8: RFC 2231 continuations
/// (name*0*, name*1, ...) with their charset, a single RFC 2231 name*, else the plain name
/// with RFC 2047 words or raw 8-bit bytes. Controls removed, trimmed; "" when absent.
std::string decodedParameter(const std::vector<MimeParameter>& params, std::string_view name,
                             std::vector<std::string>* warnings);

/// A field value split into its leading token ("attachment", "text/plain") and parameters.
/// `unparsed` holds what followed the token without a ";" (a damaged field), raw.
struct FieldWithParameters {
  std::string token;  // lower-cased, "" when the value starts with a parameter
  std::vector<MimeParameter> params;
  std::string unparsed;
};

FieldWithParameters splitFieldValue(std::string_view value);

/// The part's file name: Content-Disposition filename, else Content-Type name; when a
/// field is damaged beyond parsing, its raw remainder (decoded) so the operator sees it.
std::string partFilename(const std::string* contentDisposition, const std::string* contentType,
                         std::vector<std::string>* warnings);

}  // namespace cvdd::parsers::detail
