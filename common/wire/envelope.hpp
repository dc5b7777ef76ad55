#pragma once
// Building and reading protocol Envelopes (schemas/protocol.capnp).
#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "schemas/protocol.capnp.h"
#include "wire/codec.hpp"

namespace cb::wire {

/// Encodes one envelope; `fill` receives the body group builder to init exactly one member.
template <typename Fill>
std::string buildEnvelope(std::uint64_t requestId, Fill&& fill) {
  capnp::MallocMessageBuilder mb;
  auto env = mb.initRoot<proto::Envelope>();
  env.setVersion(proto::PROTOCOL_VERSION);
  env.setRequestId(requestId);
  fill(env.getBody());
  return encode(mb);
}

/// A received envelope, checked for version; keeps the decoded bytes alive.
struct Incoming {
  std::shared_ptr<Decoded> message;
  proto::Envelope::Reader envelope;
};

/// Decodes and checks the protocol version; errors say what was wrong.
Result<Incoming> readEnvelope(std::string_view bytes);

/// Name of the body member for logs, e.g. "hello", "runTask".
std::string bodyKindName(proto::Envelope::Body::Which which);

/// An Error envelope.
std::string buildError(std::uint64_t requestId, proto::Error::Code code, const std::string& message,
                       std::uint64_t inReplyTo);

}  // namespace cb::wire
