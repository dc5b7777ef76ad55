#pragma once
// ZAP (ZeroMQ RFC 27) requests and replies as frames, for a handler bound as a ROUTER on
// inproc://zeromq.zap.01. Pure: no sockets.
#include <optional>
#include <string>

#include "util/result.hpp"
#include "wire/zmq_socket.hpp"

namespace cb::controller {

struct ZapRequest {
  std::string routing;  // the ROUTER frame of libzmq's ZAP client
  std::string requestId;
  std::string domain;
  std::string address;    // the peer's IP address
  std::string mechanism;  // "CURVE" for agents
  std::string publicKey;  // Z85 of the client's long-term CURVE key ("" for other mechanisms)
};

/// Frames as a ROUTER receives them: routing, "", "1.0", request id, domain, address, identity,
/// mechanism, credentials...
Result<ZapRequest> parseZapRequest(const wire::Frames& frames);

/// The reply frames: status "200" with `userId` when allowed, "400" with `statusText` otherwise.
wire::Frames zapReply(const ZapRequest& request, bool allow, const std::string& statusText,
                      const std::string& userId);

}  // namespace cb::controller
