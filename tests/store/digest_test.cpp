#include "store/digest.hpp"

#include <gtest/gtest.h>

namespace cvdd::store {
namespace {

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Hex, HashesEmbeddedNulBytes) {
  using namespace std::string_view_literals;
  EXPECT_NE(sha256Hex("a\0b"sv), sha256Hex("a"sv));
  EXPECT_EQ(sha256Hex("a\0b"sv).size(), 64u);
}

}  // namespace
}  // namespace cvdd::store
