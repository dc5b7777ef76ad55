#pragma once
// Encoding and decoding of single-frame Cap'n Proto messages.
// Contract: decode copies the bytes into word-aligned storage and applies traversal limits, so
// any byte string (hostile or truncated) yields either a valid reader or an error, never UB.
#include <capnp/blob.h>
#include <capnp/message.h>
#include <capnp/serialize.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::wire {

/// Largest frame accepted on any socket (also set as ZMQ_MAXMSGSIZE).
inline constexpr std::size_t kMaxMessageBytes = 16 * 1024 * 1024;

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
