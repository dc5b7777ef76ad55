#include "wire/codec.hpp"

#include <kj/exception.h>

#include <algorithm>
#include <cstring>

namespace cb::wire {

std::string encode(capnp::MessageBuilder& builder) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

std::uint64_t traversalLimitWords(std::size_t messageBytes) {
  const std::uint64_t words = messageBytes / sizeof(capnp::word);
  return std::max<std::uint64_t>(kTraversalFactor * words, kMinTraversalWords);
}

Result<std::shared_ptr<Decoded>> decode(std::string_view bytes) {
  if (bytes.empty()) return fail("empty message");
  if (bytes.size() > kMaxMessageBytes) return fail("message larger than the limit");
  if (bytes.size() % sizeof(capnp::word) != 0) {
    return fail("message size " + std::to_string(bytes.size()) + " is not a multiple of 8");
  }
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  capnp::ReaderOptions options;
  options.traversalLimitInWords = traversalLimitWords(bytes.size());
  options.nestingLimit = kNestingLimit;
  try {
    auto reader = std::make_unique<capnp::FlatArrayMessageReader>(words.asPtr(), options);
    return std::make_shared<Decoded>(std::move(words), std::move(reader));
  } catch (const kj::Exception& e) {
    return fail(std::string("malformed message: ") + e.getDescription().cStr());
  }
}

}  // namespace cb::wire
