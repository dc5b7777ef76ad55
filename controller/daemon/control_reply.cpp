#include "daemon/control_reply.hpp"

#include <capnp/message.h>

#include "wire/codec.hpp"

namespace cb::controller {

std::string reply(const std::function<void(ctl::Reply::Body::Builder)>& fill) {
  capnp::MallocMessageBuilder mb;
  fill(mb.initRoot<ctl::Reply>().getBody());
  return wire::encode(mb);
}

std::string jsonReply(const nlohmann::json& j) {
  return reply([&](auto b) { b.setJson(j.dump()); });
}

std::string errorReply(const std::string& message) {
  return reply([&](auto b) { b.setError(message); });
}

}  // namespace cb::controller
