#pragma once
// Encoding and decoding of single-frame Cap'n Proto messages.
// Contract: decode copies the bytes into word-aligned storage and applies traversal and nesting
// limits sized from the message, so any byte string (hostile or truncated) yields either a
// valid reader or an error, never UB; a reader then throws kj::Exception on a bad pointer or
// past the limits, never reads outside the message.
#include <capnp/blob.h>
#include <capnp/message.h>
#include <capnp/serialize.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::wire {

/// Largest frame accepted on any socket (also set as ZMQ_MAXMSGSIZE).
inline constexpr std::size_t kMaxMessageBytes = 16 * 1024 * 1024;

/// How much of a message its readers may traverse: kTraversalFactor times its own size, at
/// least kMinTraversalWords. Reading every field of a legitimate message once costs its size
/// (a result with MiBs of raw output included), so readers may go over it several times; what
/// the limit stops is amplification, a small message whose pointers make readers visit far
/// more than it holds (a list of millions of empty structs in a few bytes, overlapping far
/// pointers). Past the limit a read throws (kj::Exception), caught where the message is read.
inline constexpr std::uint64_t kTraversalFactor = 8;
inline constexpr std::uint64_t kMinTraversalWords = 64 * 1024;
/// Struct nesting a reader accepts; the schemas nest a handful of levels deep.
inline constexpr int kNestingLimit = 32;

/// The traversal limit, in words, of a message of `messageBytes`.
std::uint64_t traversalLimitWords(std::size_t messageBytes);

/// Serialises a built message into one contiguous byte string (flat array format).
std::string encode(capnp::MessageBuilder& builder);

/// A decoded message; owns its aligned copy of the bytes.
class Decoded {
 public:
  Decoded(kj::Array<capnp::word> words, std::unique_ptr<capnp::FlatArrayMessageReader> reader)
      : words_(std::move(words)), reader_(std::move(reader)) {}
  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
  }

 private:
  kj::Array<capnp::word> words_;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader_;
};

/// The bytes of a Text field, embedded NULs included (cStr() would stop at the first).
inline std::string_view textView(capnp::Text::Reader text) {
  return {text.begin(), text.size()};
}

/// Parses bytes produced by encode(). Errors name what is wrong (size, framing).
Result<std::shared_ptr<Decoded>> decode(std::string_view bytes);

}  // namespace cb::wire
