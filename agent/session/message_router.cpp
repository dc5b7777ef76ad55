#include "session/message_router.hpp"

#include <cassert>
#include <exception>
#include <utility>

namespace cb::agent {

void MessageRouter::on(Body::Which kind, Handler handler) {
  assert(handler && "a routed kind needs a handler");
  [[maybe_unused]] bool added = table_.emplace(kind, std::move(handler)).second;
  assert(added && "each kind is routed once");
}

MessageRouter::Outcome MessageRouter::route(Body::Reader body, const std::string& frame) const {
  auto it = table_.find(body.which());
  if (it == table_.end()) return {Routed::notAllowed, {}};
  try {
    it->second(body, frame);
  } catch (const std::exception& e) {
    return {Routed::failed, e.what()};
  }
  return {Routed::handled, {}};
}

}  // namespace cb::agent
