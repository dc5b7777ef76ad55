// Replies the CLI cannot read (corrupt or hostile bytes, legacy JSON of the wrong shape) are the
// error "malformed reply from the controller: ...", never an exception out of the decoders.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "control/control_decode.hpp"

namespace {

std::string wordsToBytes(std::initializer_list<std::uint64_t> words) {
  std::string bytes;
  for (auto w : words) bytes.append(reinterpret_cast<const char*>(&w), sizeof(w));
  return bytes;
}

bool isMalformed(const std::string& error) {
  return error.rfind(cb::control::kMalformedReply, 0) == 0;
}

}  // namespace

TEST_CASE("a reply whose root points outside the message is malformed") {
  // One segment of one word: a struct pointer 1000 words past the end.
  auto reply = cb::control::readReply(wordsToBytes(
      {std::uint64_t{1} << 32, (std::uint64_t{1000} << 2) | (std::uint64_t{1} << 32)}));
  REQUIRE_FALSE(reply);
  CHECK(isMalformed(reply.error()));
}

TEST_CASE("a keys list of a million empty structs in 40 bytes is malformed, not decoded") {
  auto reply = cb::control::readReply(wordsToBytes({
      std::uint64_t{4} << 32,                               // 1 segment of 4 words
      (std::uint64_t{1} << 32) | (std::uint64_t{1} << 48),  // root struct: 1 data, 1 pointer
      3,                                                    // body: keys
      1 | (std::uint64_t{7} << 32),                         // inline composite list, 0 words
      std::uint64_t{1000000} << 2,                          // tag: 1e6 elements of size 0
  }));
  REQUIRE(reply);
  CHECK(reply->kind == cb::ctl::Reply::Body::KEYS);
  auto keys = cb::control::decodeKeys(reply->body());
  REQUIRE_FALSE(keys);
  CHECK(isMalformed(keys.error()));
}

TEST_CASE("a list pointer into nowhere inside a run reply is malformed") {
  // Reply{run = RunSummary} whose RunSummary `benchmark` text pointer points past the segment.
  auto reply = cb::control::readReply(wordsToBytes({
      std::uint64_t{5} << 32,                               // 1 segment of 5 words
      (std::uint64_t{1} << 32) | (std::uint64_t{1} << 48),  // root struct: 1 data, 1 pointer
      7,                                                    // body: run
      (std::uint64_t{1} << 32) | (std::uint64_t{1} << 48),  // RunSummary: 1 data, 1 pointer
      0,                                                    // runId 0
      1 | (std::uint64_t{5000} << 2) | (std::uint64_t{2} << 32) | (std::uint64_t{8} << 35),
  }));
  REQUIRE(reply);
  auto run = cb::control::decodeRun(reply->body());
  REQUIRE_FALSE(run);
  CHECK(isMalformed(run.error()));
}
