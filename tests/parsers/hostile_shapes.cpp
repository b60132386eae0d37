#include "hostile_shapes.hpp"

#include <malloc.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <stdexcept>

#include "parsers/message_analysis.hpp"
#include "parsers/report_form.hpp"
#include "parsers/vendor_reply_form.hpp"

namespace cvdd::parsers::test {

namespace {

constexpr std::string_view kCommonFields =
    "From: Reporter <reporter@example.org>\n"
    "Date: Mon, 2 Feb 2026 10:00:00 +0900\n"
    "Message-ID: <scaling@example.org>\n"
    "MIME-Version: 1.0\n";
constexpr std::string_view kPlainFields = "To: cvd@example.net\nSubject: scaling\n";

// `unit` as many times as it takes to reach `bytes`.
std::string repeated(std::string_view unit, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out.append(unit);
  return out;
}

std::string message(std::string_view fields, std::string_view body) {
  std::string out(kCommonFields);
  out.append(fields);
  out += '\n';
  out.append(body);
  return out;
}

// A single-part message whose body is the pattern.
std::string body(std::string_view contentFields, std::string_view unit, std::size_t bytes) {
  return message(std::string(kPlainFields) + std::string(contentFields), repeated(unit, bytes));
}

// A message whose one header field (name: prefix + pattern + suffix) is the pattern.
std::string field(std::string_view name, std::string_view prefix, std::string_view unit,
                  std::size_t bytes, std::string_view suffix = "") {
  std::string fields = std::string(name) + ": " + std::string(prefix) + repeated(unit, bytes) +
                       std::string(suffix) + "\n";
  if (name != "To") fields += "To: cvd@example.net\n";
  if (name != "Subject") fields += "Subject: scaling\n";
  return message(fields, "body\n");
}

std::string multipart(std::string_view boundary, std::string_view partsText) {
  return message(std::string(kPlainFields) + "Content-Type: multipart/mixed; boundary=\"" +
                     std::string(boundary) + "\"\n",
                 partsText);
}

constexpr std::string_view kHtml = "Content-Type: text/html; charset=utf-8\n";
constexpr std::string_view kPlainUtf8 = "Content-Type: text/plain; charset=utf-8\n";
constexpr std::string_view kJis = "Content-Type: text/plain; charset=iso-2022-jp\n";
constexpr std::string_view kUtf7 = "Content-Type: text/plain; charset=utf-7\n";
constexpr std::string_view kBase64 = "Content-Transfer-Encoding: base64\n";
constexpr std::string_view kQp = "Content-Transfer-Encoding: quoted-printable\n";

std::string rfc2231Continuations(std::size_t n) {
  std::string value = "attachment; filename*0*=utf-8''%41";
  for (int k = 1; k < 64; ++k) {
    value += "; filename*" + std::to_string(k) + "*=" + repeated("%E3%81%82", n / 64);
  }
  return field("Content-Disposition", value, "", 0);
}

std::string deliveredToAddresses(std::size_t n) {
  // Fields of 1000 distinct mailboxes each (parseAddressList's cap), all within the
  // default header_count and header_length: envelope recipients are gathered from them.
  std::string fields;
  for (std::size_t k = 0; fields.size() < n;) {
    fields += "Delivered-To: ";
    for (int i = 0; i < 1000; ++i) fields += "r" + std::to_string(k++) + "@example.org, ";
    fields += "\n";
  }
  return message(fields + std::string(kPlainFields), "body\n");
}

std::string boundaryPrefixLines(std::size_t n) {
  const std::string boundary(70, 'b');
  return multipart(boundary, repeated("--" + boundary.substr(1) + "\n", n) + "--" + boundary +
                                 "\n\nx\n--" + boundary + "--\n");
}

std::string deepNesting(std::size_t n) {
  // One level short of the default mime_depth, with the size in the innermost part.
  std::string text;
  for (int level = 1; level < 19; ++level) {
    text += "--b" + std::to_string(level - 1) + "\nContent-Type: multipart/mixed; boundary=b" +
            std::to_string(level) + "\n\n";
  }
  text += "--b18\nContent-Type: text/plain\n\n" + repeated("nested text\n", n);
  return multipart("b0", text);
}

// A signed text split around many inline images (mail clients split text so), with an
// alternative now and then: every text part is body, the images and HTML are not.
std::string manyInlineTextParts(std::size_t n) {
  // Text parts of about 1 KiB: a line or two per image is what clients write; much
  // smaller parts would measure the allocator's page faults for the nodes, not the walk.
  const std::string unit =
      "--m\nContent-Type: text/plain; charset=utf-8\n\n" +
      repeated("some text of the reply\n", 1000) +
      "--m\nContent-Type: image/png\nContent-Disposition: inline\n\niVBORw0KGgo=\n"
      "--m\nContent-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: "
      "text/plain\n\nplain\n--a\nContent-Type: text/html\n\n<p>html</p>\n--a--\n";
  return message(std::string(kPlainFields) +
                     "Content-Type: multipart/signed; boundary=s; "
                     "protocol=\"application/pgp-signature\"\n",
                 "--s\nContent-Type: multipart/mixed; boundary=m\n\n" + repeated(unit, n) +
                     "--m--\n--s\nContent-Type: application/pgp-signature\n\n"
                     "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n"
                     "--s--\n");
}

// A bounce whose message/delivery-status part is `status`.
std::string dsn(std::string_view status) {
  return message(std::string(kPlainFields) +
                     "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n",
                 "--b\n\nbounced\n--b\nContent-Type: message/delivery-status\n\n" +
                     std::string(status) + "\n--b--\n");
}
constexpr std::string_view kDsnBlock =
    "Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n\n";

using Size = std::size_t;

}  // namespace

const std::vector<HostileShape>& hostileShapes() {
  // Header field shapes fill one field (scalingLimits lets it through); body shapes fill
  // a single part; form shapes are form bodies.
  static const std::vector<HostileShape> shapes{
      // HTML to text
      {"HtmlAmpersands", [](Size n) { return body(kHtml, "&", n); }},
      {"HtmlUnterminatedEntities", [](Size n) { return body(kHtml, "&nbsp&#x41", n); }},
      {"HtmlOpenAngles", [](Size n) { return body(kHtml, "<", n); }},
      {"HtmlUnclosedComments", [](Size n) { return body(kHtml, "<!-- -", n); }},
      {"HtmlUnclosedScripts", [](Size n) { return body(kHtml, "<script>x</scrip", n); }},
      // Transfer encodings
      {"Base64Padding", [](Size n) { return body(kBase64, std::string(76, '=') + "\n", n); }},
      {"QuotedPrintableEquals", [](Size n) { return body(kQp, "=", n); }},
      {"QuotedPrintableSoftBreaks", [](Size n) { return body(kQp, "=\n", n); }},
      {"QuotedPrintablePaddedEquals", [](Size n) { return body(kQp, "= \t \t \t x", n); }},
      // Charsets
      {"Iso2022JpDesignations", [](Size n) { return body(kJis, "\x1b$B", n); }},
      {"Iso2022JpBareEscapes", [](Size n) { return body(kJis, "\x1b", n); }},
      // Every byte invalid: one iconv call each (fuzz_text_decode found 3 MB taking 32 s).
      {"Utf7InvalidBytes", [](Size n) { return body(kUtf7, "\x1b", n); }},
      {"Utf8InvalidAtEnd", [](Size n) { return body(kPlainUtf8, "\xE3\x81\x82", n) + "\xFF"; }},
      {"UnlabelledShiftJisWithInvalidBytes",
       [](Size n) { return body("", "\x82\xA0\x82\xA2\xFF", n); }},
      // Header fields
      {"FoldedSubject", [](Size n) { return field("Subject", "s\n", " folded words\n", n); }},
      {"EncodedWordOpeners", [](Size n) { return field("Subject", "", "=?", n); }},
      {"UnclosedEncodedWords", [](Size n) { return field("Subject", "", "=?a?B?A", n); }},
      {"AdjacentEncodedWords", [](Size n) { return field("Subject", "", "=?utf-8?B?44GC?= ", n); }},
      {"AlternatingCharsetWords",
       [](Size n) { return field("Subject", "", "=?utf-8?Q?a?= =?iso-8859-1?Q?b?= ", n); }},
      {"AddressCommas", [](Size n) { return field("To", "", "a@example.org, ", n); }},
      {"AddressGroupColons", [](Size n) { return field("To", "group:", ":", n); }},
      {"AddressNestedComments", [](Size n) { return field("To", "a@example.org ", "(", n); }},
      {"AddressQuotedNames",
       [](Size n) { return field("To", "", "\"a\\\"b\" <a@example.org>, ", n); }},
      {"ParameterBareWords", [](Size n) { return field("Content-Type", "text/plain; ", "a;", n); }},
      {"ParameterEmptySemicolons",
       [](Size n) { return field("Content-Type", "text/plain; a=b", "; ", n, "x"); }},
      {"Rfc2231Continuations", rfc2231Continuations},
      {"DeliveredToAddresses", deliveredToAddresses},
      {"ManyReferences", [](Size n) { return field("References", "", "<a@example.org> ", n); }},
      // MIME structure
      {"BoundaryPrefixLines", boundaryPrefixLines},
      {"NearBoundaryLines",
       [](Size n) {
         return multipart("b", "--b\n\n" + repeated("--b x\n--b--x\n", n) + "--b--\n");
       }},
      {"DeepNesting", deepNesting},
      {"ManyInlineTextParts", manyInlineTextParts},
      {"GuessedBoundary",
       [](Size n) {
         return message(std::string(kPlainFields) + "Content-Type: multipart/mixed\n",
                        repeated("-- no token\n", n));
       }},
      // OpenPGP armor
      {"ArmorBeginsWithoutEnd",
       [](Size n) { return body(kPlainUtf8, "-----BEGIN PGP MESSAGE-----\n", n); }},
      {"SignedBeginsWithoutEnd",
       [](Size n) { return body(kPlainUtf8, "-----BEGIN PGP SIGNED MESSAGE-----\n", n); }},
      {"HtmlArmorBeginsWithoutEnd",
       [](Size n) { return body(kHtml, "<div>-----BEGIN PGP MESSAGE-----</div>&nbsp;\n", n); }},
      // Delivery status notifications
      {"DsnTrailingWhitespace",
       [](Size n) {
         return dsn(repeated(kDsnBlock, 1000 * kDsnBlock.size()) + repeated(" \n", n));
       }},
      {"DsnManyBlocks", [](Size n) { return dsn(repeated(kDsnBlock, n)); }},
      // Form bodies
      {"ReportLabelLines",
       [](Size n) { return repeated("Name: x\nVulnerability: y\n(ア) 製品名：z\n", n); },
       Pipeline::Form},
      {"ReportBracketLines",
       [](Size n) {
         return repeated(
             "[" + std::string(500, 'a') + "\n\xE3\x80\x90" + std::string(500, 'a') + "\n", n);
       },
       Pipeline::Form},
      {"ReplyCheckboxLines",
       [](Size n) {
         return repeated("[x] affected\n[ ] not affected\n[" + std::string(200, 'x') + "\n", n);
       },
       Pipeline::Form},
      {"ReplyOutlookLines", [](Size n) { return repeated("From: x\nStatus: affected\n", n); },
       Pipeline::Form},
  };
  return shapes;
}

const HostileShape& hostileShape(std::string_view name) {
  for (const HostileShape& shape : hostileShapes()) {
    if (shape.name == name) return shape;
  }
  throw std::out_of_range("no hostile shape " + std::string(name));
}

std::size_t smallBytes(const HostileShape& shape) {
  return shape.pipeline == Pipeline::Form ? kMaxFormBytes / 4 : std::size_t{1} << 20;
}

std::size_t largeBytes(const HostileShape& shape) {
  return shape.pipeline == Pipeline::Form ? kMaxFormBytes : std::size_t{4} << 20;
}

Limits scalingLimits() {
  Limits limits;
  limits.maxHeaderBytes = std::size_t{32} << 20;
  limits.maxParts = std::size_t{1} << 20;  // the many-parts shape is read whole
  return limits;
}

PipelineResult runPipeline(const HostileShape& shape, std::string_view input) {
  PipelineResult result;
  if (shape.pipeline == Pipeline::Message) {
    const MessageAnalysis analysis = analyzeMessage(input, scalingLimits());
    result.limitHits = analysis.limitHits.size();
    result.textBytes = analysis.message.bodyText.size() + analysis.message.subject.size();
    return result;
  }
  const ReportFields report = extractReportFields(input);
  const VendorReply reply = parseVendorReply(input);
  result.textBytes = report.reporterName.size() + report.vulnerability.size() +
                     report.product.size() + reply.fixPlan.size() + reply.warnings.size();
  return result;
}

void keepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

namespace {

double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

double timedSeconds(const HostileShape& shape, std::string_view input, int repeat,
                    PipelineResult* last) {
  const double start = threadCpuSeconds();
  for (int k = 0; k < repeat; ++k) {
    const PipelineResult result = runPipeline(shape, input);
    if (last != nullptr) *last = result;
  }
  return threadCpuSeconds() - start;
}

double fastestSeconds(const HostileShape& shape, std::string_view input, int runs) {
  double best = std::numeric_limits<double>::infinity();
  for (int run = 0; run < runs; ++run) best = std::min(best, timedSeconds(shape, input, 1));
  return best;
}

}  // namespace cvdd::parsers::test
