#include "wire/envelope.hpp"

#include <kj/exception.h>

namespace cb::wire {

Result<Incoming> readEnvelope(std::string_view bytes) {
  auto decoded = decode(bytes);
  if (!decoded) return fail(decoded.error());
  try {
    auto env = (*decoded)->root<proto::Envelope>();
    if (env.getVersion() != proto::PROTOCOL_VERSION) {
      return fail("protocol version " + std::to_string(env.getVersion()) + " is not supported (" +
                  std::to_string(proto::PROTOCOL_VERSION) + " expected)");
    }
    env.getBody().which();  // throws on a truncated root
    return Incoming{*decoded, env};
  } catch (const kj::Exception& e) {
    return fail(std::string("malformed envelope: ") + e.getDescription().cStr());
  }
}

std::string bodyKindName(proto::Envelope::Body::Which which) {
  using W = proto::Envelope::Body::Which;
  switch (which) {
    case W::HELLO:
      return "hello";
    case W::WELCOME:
      return "welcome";
    case W::HEARTBEAT:
      return "heartbeat";
    case W::HEARTBEAT_ACK:
      return "heartbeatAck";
    case W::RUN_TASK:
      return "runTask";
    case W::TASK_EVENT:
      return "taskEvent";
    case W::TASK_RESULT:
      return "taskResult";
    case W::TASK_RESULT_ACK:
      return "taskResultAck";
    case W::CANCEL:
      return "cancel";
    case W::ERROR:
      return "error";
    case W::SPAWN_REQUEST:
      return "spawnRequest";
    case W::SPAWN:
      return "spawn";
    case W::SPAWN_OUTPUT:
      return "spawnOutput";
    case W::SPAWN_EXIT:
      return "spawnExit";
    case W::APPLY_CONFIG:
      return "applyConfig";
    case W::APPLY_REPORT:
      return "applyReport";
    case W::NODE_METRICS:
      return "nodeMetrics";
  }
  return "unknown(" + std::to_string(static_cast<int>(which)) + ")";
}

std::string buildError(std::uint64_t requestId, proto::Error::Code code, const std::string& message,
                       std::uint64_t inReplyTo) {
  return buildEnvelope(requestId, [&](proto::Envelope::Body::Builder body) {
    auto e = body.initError();
    e.setCode(code);
    e.setMessage(message);
    e.setInReplyTo(inReplyTo);
  });
}

}  // namespace cb::wire
