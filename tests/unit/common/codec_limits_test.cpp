// wire::decode's traversal limit: sized from the message, it stops a few bytes from making
// readers visit millions of elements, and lets a legitimate result with MiBs of raw output be
// read in full (more than once).
#include <doctest/doctest.h>

#include <kj/exception.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "schemas/control.capnp.h"
#include "wire/codec.hpp"
#include "wire/envelope.hpp"

namespace {

/// A 40-byte ctl::Reply whose `keys` member is a list of `count` empty structs (an inline
/// composite list of zero-size elements: no bytes, `count` elements).
std::string emptyStructList(std::uint32_t count) {
  const std::uint64_t words[] = {
      std::uint64_t{4} << 32,                               // segment table: 1 segment of 4 words
      (std::uint64_t{1} << 32) | (std::uint64_t{1} << 48),  // root: struct, 1 data, 1 pointer
      3,                                                    // Reply.body discriminant: keys
      1 | (std::uint64_t{7} << 32),  // list pointer: inline composite, 0 words
      std::uint64_t{count} << 2,     // tag: `count` elements of 0 data, 0 pointers
  };
  std::string bytes(sizeof(words), '\0');
  std::memcpy(bytes.data(), words, sizeof(words));
  return bytes;
}

std::size_t keysRead(cb::wire::Decoded& message) {
  std::size_t n = 0;
  for (auto k : message.root<cb::ctl::Reply>().getBody().getKeys()) n += k.getConnected() ? 0 : 1;
  return n;
}

}  // namespace

TEST_CASE("the traversal limit grows with the message and has a floor") {
  CHECK(cb::wire::traversalLimitWords(40) == cb::wire::kMinTraversalWords);
  CHECK(cb::wire::traversalLimitWords(cb::wire::kMaxMessageBytes) ==
        cb::wire::kTraversalFactor * cb::wire::kMaxMessageBytes / 8);
}

TEST_CASE("a small message cannot make readers visit a million empty structs") {
  auto decoded = cb::wire::decode(emptyStructList(1000000));
  REQUIRE(decoded);
  CHECK_THROWS_AS(keysRead(**decoded), kj::Exception);
}

TEST_CASE("a small list of empty structs within the limit is read") {
  auto decoded = cb::wire::decode(emptyStructList(1000));
  REQUIRE(decoded);
  CHECK(keysRead(**decoded) == 1000);
}

TEST_CASE("a task result with 8 MiB of raw output is read in full, twice") {
  const std::string raw(8 * 1024 * 1024, 'x');
  auto bytes = cb::wire::buildEnvelope(0, [&](cb::proto::Envelope::Body::Builder b) {
    auto r = b.initTaskResult();
    r.setTaskId("run1-0123456789abcdef0123456789abcdef");
    r.setRawOutput(raw);
    r.setRawStderr(raw.substr(0, 1024 * 1024));
  });
  auto in = cb::wire::readEnvelope(bytes);
  REQUIRE(in);
  for (int pass = 0; pass < 2; ++pass) {
    auto r = in->envelope.getBody().getTaskResult();
    CHECK(cb::wire::textView(r.getRawOutput()).size() == raw.size());
    CHECK(cb::wire::textView(r.getRawStderr()).size() == 1024 * 1024);
  }
}
