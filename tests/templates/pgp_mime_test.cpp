#include "templates/pgp_mime.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "mime_test_support.hpp"
#include "templates/mime_encoding.hpp"

namespace cvdd::templates {
namespace {

using test::decodeBase64;
using test::decodeQuotedPrintable;
using test::header;
using test::splitMessage;

const std::string kSecretSubject = "FooCMS 2.1 の管理画面における認証回避 (embargoed)";

OutgoingMessage notice(std::string body = "Dear vendor,\n\nthe details follow.\n") {
  OutgoingMessage m;
  m.from = {"Example CSIRT", "vendors@cert.example"};
  m.to = {{"Vendor PSIRT", "psirt@vendor.example"}};
  m.subject = "[CVD#01234567] " + kSecretSubject;
  m.messageId = "CVD-01234567.3@cert.example";
  m.inReplyTo = "CVD-01234567.2@cert.example";
  m.date = "Tue, 01 Apr 2025 10:15:00 +0900";
  m.bodyText = std::move(body);
  m.autoSubmitted = "auto-generated";
  m.extraHeaders = {{"X-CVD-Case", "CVD#01234567"}};
  return m;
}

// A signer that records what it was given and returns a recognisable signature.
struct FakeSigner {
  std::string signedBytes;
  int calls = 0;
  DetachedSigner callback() {
    return [this](std::string_view bytes) -> core::Result<std::pair<std::string, std::string>> {
      signedBytes = std::string(bytes);
      ++calls;
      return std::pair<std::string, std::string>{
          "-----BEGIN PGP SIGNATURE-----\n\nc2lnbmF0dXJl\n=abcd\n-----END PGP SIGNATURE-----\n",
          "pgp-sha256"};
    };
  }
};

// An OpenPGP "message" that is only base64 in armor, so the test can read it back.
std::string fakeArmor(std::string_view plaintext) {
  return "-----BEGIN PGP MESSAGE-----\n\n" + detail::base64Encode(plaintext) +
         "\n-----END PGP MESSAGE-----\n";
}
std::optional<std::string> unarmor(const std::string& armored) {
  const std::size_t start = armored.find("\r\n\r\n");
  const std::size_t end = armored.find("\r\n-----END PGP MESSAGE-----");
  if (start == std::string::npos || end == std::string::npos) return std::nullopt;
  return decodeBase64(armored.substr(start + 4, end - start - 4));
}

std::string param(const std::string& value, const std::string& name) {
  const std::size_t at = value.find(name + "=");
  if (at == std::string::npos) return {};
  std::size_t start = at + name.size() + 1;
  if (value[start] == '"') {
    ++start;
    return value.substr(start, value.find('"', start) - start);
  }
  return value.substr(start, value.find_first_of("; ", start) - start);
}

void expectCrlfOnly(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
    }
  }
}

// The parts of a multipart body by its boundary: each part's bytes between the
// delimiters (without the CRLF that belongs to the next delimiter).
std::vector<std::string> partsOf(const std::string& body, const std::string& boundary) {
  std::vector<std::string> parts;
  const std::string delimiter = "--" + boundary;
  std::size_t at = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (at == std::string::npos) return parts;
  at = body.find("\r\n", at == 0 ? 0 : at + 2) + 2;
  for (;;) {
    const std::size_t next = body.find("\r\n" + delimiter, at);
    if (next == std::string::npos) return {};
    parts.push_back(body.substr(at, next - at));
    const std::size_t after = next + 2 + delimiter.size();
    if (body.compare(after, 2, "--") == 0) return parts;
    at = after + 2;
  }
}

TEST(ComposeSigned, IsMultipartSignedWhoseFirstPartIsExactlyWhatWasSigned) {
  FakeSigner signer;
  const auto mime = composeSigned(notice(), signer.callback());
  ASSERT_TRUE(mime.has_value()) << mime.error().what;
  expectCrlfOnly(*mime);
  EXPECT_EQ(signer.calls, 1);

  const auto split = splitMessage(*mime);
  const auto contentType = header(split, "Content-Type");
  ASSERT_TRUE(contentType.has_value());
  EXPECT_TRUE(contentType->starts_with("multipart/signed;")) << *contentType;
  EXPECT_EQ(param(*contentType, "micalg"), "pgp-sha256");
  EXPECT_EQ(param(*contentType, "protocol"), "application/pgp-signature");
  const std::string boundary = param(*contentType, "boundary");
  ASSERT_FALSE(boundary.empty());
  EXPECT_EQ(header(split, "MIME-Version"), "1.0");
  EXPECT_FALSE(header(split, "Content-Transfer-Encoding").has_value());

  const auto parts = partsOf(split.body, boundary);
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_EQ(parts[0], signer.signedBytes);
  const auto textPart = splitMessage(parts[0]);
  EXPECT_EQ(header(textPart, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(header(textPart, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(decodeQuotedPrintable(textPart.body), "Dear vendor,\n\nthe details follow.\n");
  const auto sigPart = splitMessage(parts[1]);
  EXPECT_TRUE(header(sigPart, "Content-Type")->starts_with("application/pgp-signature"));
  EXPECT_TRUE(sigPart.body.starts_with("-----BEGIN PGP SIGNATURE-----\r\n\r\n"));
  EXPECT_TRUE(sigPart.body.ends_with("-----END PGP SIGNATURE-----\r\n"));
  EXPECT_TRUE(split.body.ends_with("\r\n--" + boundary + "--\r\n"));
  EXPECT_EQ(split.body.find(boundary + "--"), split.body.rfind(boundary + "--"));
}

TEST(ComposeSigned, OuterHeadersAreThoseOfComposeMime) {
  FakeSigner signer;
  const OutgoingMessage m = notice();
  const auto mime = composeSigned(m, signer.callback());
  ASSERT_TRUE(mime.has_value());
  const auto signedHeaders = splitMessage(*mime).headers;
  const auto plainHeaders = splitMessage(composeMime(m)).headers;
  const auto withoutContent = [](const std::vector<test::RawHeader>& headers) {
    std::vector<std::string> out;
    for (const auto& h : headers) {
      if (h.name != "Content-Type" && h.name != "Content-Transfer-Encoding") {
        out.push_back(h.name + ":" + h.folded);
      }
    }
    return out;
  };
  EXPECT_EQ(withoutContent(signedHeaders), withoutContent(plainHeaders));
}

TEST(ComposeSigned, BodiesARelayCouldAlterGoAsBase64) {
  for (const std::string& body :
       {std::string("こんにちは\n"), std::string("Hello\nFrom the CSIRT\n"), std::string(".\n"),
        std::string(1200, 'x') + "\n", std::string("bad \xff utf-8\n")}) {
    FakeSigner signer;
    const auto mime = composeSigned(notice(body), signer.callback());
    ASSERT_TRUE(mime.has_value());
    const auto textPart = splitMessage(signer.signedBytes);
    const auto encoding = header(textPart, "Content-Transfer-Encoding");
    if (encoding == "base64") {
      const auto decoded = decodeBase64(textPart.body);
      ASSERT_TRUE(decoded.has_value());
      EXPECT_TRUE(decoded->ends_with("\r\n"));
    } else {
      EXPECT_EQ(encoding, "quoted-printable") << body;
      EXPECT_EQ(body.find("From "), std::string::npos) << "From lines must not go as QP";
    }
    for (std::size_t at = 0; at < signer.signedBytes.size();) {
      const std::size_t end = signer.signedBytes.find("\r\n", at);
      EXPECT_LE(end - at, 78U);
      for (std::size_t i = at; i < end; ++i) {
        EXPECT_LT(static_cast<unsigned char>(signer.signedBytes[i]), 0x80U);
      }
      at = end + 2;
    }
  }
  FakeSigner trailing;
  ASSERT_TRUE(composeSigned(notice("trailing blank \nline\n"), trailing.callback()));
  EXPECT_NE(trailing.signedBytes.find("trailing blank=20\r\n"), std::string::npos);
}

TEST(ComposeSigned, BoundariesAreRandom) {
  FakeSigner signer;
  const auto a = composeSigned(notice(), signer.callback());
  const auto b = composeSigned(notice(), signer.callback());
  ASSERT_TRUE(a && b);
  const auto boundaryOf = [](const std::string& mime) {
    return param(*header(splitMessage(mime), "Content-Type"), "boundary");
  };
  EXPECT_NE(boundaryOf(*a), boundaryOf(*b));
}

TEST(ComposeSigned, SignerFailuresAndBadSignerOutputAreErrors) {
  const DetachedSigner failing =
      [](std::string_view) -> core::Result<std::pair<std::string, std::string>> {
    return core::fail(core::Errc::Io, "signer", "agent gone");
  };
  const auto failed = composeSigned(notice(), failing);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().what, "agent gone");
  const DetachedSigner injecting =
      [](std::string_view) -> core::Result<std::pair<std::string, std::string>> {
    return std::pair<std::string, std::string>{"-----BEGIN PGP SIGNATURE-----\n",
                                               "pgp-sha256\r\nBcc: x@y"};
  };
  EXPECT_FALSE(composeSigned(notice(), injecting).has_value());
  const DetachedSigner notArmored =
      [](std::string_view) -> core::Result<std::pair<std::string, std::string>> {
    return std::pair<std::string, std::string>{"binary", "pgp-sha256"};
  };
  EXPECT_FALSE(composeSigned(notice(), notArmored).has_value());
}

// A sign-and-encrypt callback that records what it was given and only base64-armors it,
// so the test can read the plaintext back.
struct FakeSigningEncryptor {
  std::string plaintext;
  int calls = 0;
  SigningEncryptor callback() {
    return [this](std::string_view mime) -> core::Result<std::string> {
      plaintext = std::string(mime);
      ++calls;
      return fakeArmor(mime);
    };
  }
};

TEST(ComposeSignedEncrypted, OuterSubjectIsOnlyTheCaseAndTheRestIsInside) {
  FakeSigningEncryptor sealer;
  const auto mime = composeSignedEncrypted(notice(), "CVD#01234567", sealer.callback());
  ASSERT_TRUE(mime.has_value()) << mime.error().what;
  expectCrlfOnly(*mime);
  EXPECT_EQ(sealer.calls, 1) << "one sign-and-encrypt operation, nothing signed apart";

  const auto split = splitMessage(*mime);
  EXPECT_EQ(header(split, "Subject"), "[CVD#01234567]");
  EXPECT_EQ(header(split, "Message-ID"), "<CVD-01234567.3@cert.example>");
  EXPECT_EQ(header(split, "In-Reply-To"), "<CVD-01234567.2@cert.example>");
  EXPECT_EQ(header(split, "X-CVD-Case"), "CVD#01234567");
  EXPECT_EQ(header(split, "Auto-Submitted"), "auto-generated");
  const auto contentType = header(split, "Content-Type");
  ASSERT_TRUE(contentType.has_value());
  EXPECT_TRUE(contentType->starts_with("multipart/encrypted;"));
  EXPECT_EQ(param(*contentType, "protocol"), "application/pgp-encrypted");
  // Not a word of the embargoed subject outside, in clear or encoded.
  EXPECT_EQ(mime->find("FooCMS"), std::string::npos);
  EXPECT_EQ(mime->find("=?UTF-8?"), std::string::npos);

  const auto parts = partsOf(split.body, param(*contentType, "boundary"));
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_EQ(parts[0],
            "Content-Type: application/pgp-encrypted\r\n"
            "Content-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n");
  const auto payloadPart = splitMessage(parts[1]);
  EXPECT_TRUE(header(payloadPart, "Content-Type")->starts_with("application/octet-stream"));
  const auto inner = unarmor(payloadPart.body);
  ASSERT_TRUE(inner.has_value());
  EXPECT_EQ(*inner, sealer.plaintext);

  // Inside (RFC 3156 §6.2): the text entity itself, carrying the protected headers; the
  // signature is in the OpenPGP message, so there is no multipart/signed and no
  // detached signature.
  expectCrlfOnly(*inner);
  EXPECT_EQ(inner->find("multipart/signed"), std::string::npos);
  EXPECT_EQ(inner->find("-----BEGIN PGP SIGNATURE-----"), std::string::npos);
  const auto text = splitMessage(*inner);
  const auto innerType = header(text, "Content-Type");
  ASSERT_TRUE(innerType.has_value());
  EXPECT_TRUE(innerType->starts_with("text/plain; charset=UTF-8;")) << *innerType;
  EXPECT_EQ(param(*innerType, "protected-headers"), "v1");
  EXPECT_EQ(test::decodeUnstructured(*header(text, "Subject")), "[CVD#01234567] " + kSecretSubject);
  EXPECT_EQ(header(text, "From"), "Example CSIRT <vendors@cert.example>");
  EXPECT_EQ(header(text, "To"), "Vendor PSIRT <psirt@vendor.example>");
  EXPECT_EQ(header(text, "Date"), "Tue, 01 Apr 2025 10:15:00 +0900");
  EXPECT_EQ(header(text, "Message-ID"), "<CVD-01234567.3@cert.example>");
  EXPECT_FALSE(header(text, "X-CVD-Case").has_value());
  EXPECT_FALSE(header(text, "Auto-Submitted").has_value());
  EXPECT_EQ(header(text, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(decodeQuotedPrintable(text.body), "Dear vendor,\n\nthe details follow.\n");
}

TEST(ComposeSignedEncrypted, ComposesTheDateOnceWhenNoneIsGiven) {
  FakeSigningEncryptor sealer;
  OutgoingMessage m = notice();
  m.date.clear();
  const auto mime = composeSignedEncrypted(m, "", sealer.callback());
  ASSERT_TRUE(mime.has_value());
  const auto split = splitMessage(*mime);
  EXPECT_EQ(header(split, "Subject"), "...");
  ASSERT_TRUE(header(split, "Date").has_value());
  EXPECT_EQ(header(split, "Date"), header(splitMessage(sealer.plaintext), "Date"));
}

TEST(ComposeSignedEncrypted, SignAndEncryptFailuresAreErrors) {
  const SigningEncryptor failing = [](std::string_view) -> core::Result<std::string> {
    return core::fail(core::Errc::NotFound, "encrypt", "no key for psirt@vendor.example");
  };
  const auto failed = composeSignedEncrypted(notice(), "CVD#01234567", failing);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, core::Errc::NotFound);
  const SigningEncryptor notArmored = [](std::string_view) -> core::Result<std::string> {
    return std::string("plaintext leaked");
  };
  const auto leaked = composeSignedEncrypted(notice(), "CVD#01234567", notArmored);
  ASSERT_FALSE(leaked.has_value());
  EXPECT_EQ(leaked.error().code, core::Errc::InvalidConfig);
}

}  // namespace
}  // namespace cvdd::templates
