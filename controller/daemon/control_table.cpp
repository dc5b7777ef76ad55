#include "daemon/control_table.hpp"

#include <capnp/message.h>

#include "daemon/control_reply.hpp"
#include "daemon/daemon_log.hpp"
#include "schemas/protocol.capnp.h"
#include "wire/codec.hpp"

namespace cb::controller {

void ControlTable::on(ctl::Request::Body::Which kind, ControlHandler handler) {
  handlers_[kind] = std::move(handler);
}

void ControlTable::handle(const std::string& bytes, const ReplyHandle& reply) const {
  try {
    auto decoded = wire::decode(bytes);
    if (!decoded) return reply.finish(errorReply(decoded.error()));
    auto req = (*decoded)->root<ctl::Request>();
    if (req.getVersion() != proto::PROTOCOL_VERSION) {
      return reply.finish(errorReply("CLI and controller versions differ (protocol " +
                                     std::to_string(req.getVersion()) + " vs " +
                                     std::to_string(proto::PROTOCOL_VERSION) + ")"));
    }
    auto body = req.getBody();
    auto it = handlers_.find(body.which());
    if (it == handlers_.end()) return reply.finish(errorReply("unknown control request"));
    it->second(body, reply);
  } catch (const std::exception& e) {
    daemonLog()->error("control request failed: {}", e.what());
    reply.finish(errorReply(std::string("internal error: ") + e.what()));
  }
}

}  // namespace cb::controller
