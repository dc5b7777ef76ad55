// The `keys` control request (enrollment key store), answered with typed
// AgentKeySummary structs.
#include <capnp/message.h>

#include "daemon/control_handlers.hpp"
#include "daemon/control_reply.hpp"

namespace cb::controller {

std::string keysReply(AgentGateway& gateway, ctl::KeysRequest::Reader req) {
  std::string key = req.getKey();
  Status done = okStatus();
  switch (req.getAction()) {
    case ctl::KeysRequest::Action::LIST:
      break;
    case ctl::KeysRequest::Action::ACCEPT:
      if (auto r = gateway.acceptKey(key); !r) done = Error{r.error()};
      break;
    case ctl::KeysRequest::Action::ACCEPT_ALL_PENDING:
      if (auto r = gateway.acceptAllPending(); !r) done = Error{r.error()};
      break;
    case ctl::KeysRequest::Action::REJECT:
      if (auto r = gateway.rejectKey(key); !r) done = Error{r.error()};
      break;
    case ctl::KeysRequest::Action::DELETE:
      if (auto r = gateway.deleteKey(key); !r) done = Error{r.error()};
      break;
  }
  if (!done) return errorReply(done.error());
  auto keys = gateway.keys().all();
  return reply([&](ctl::Reply::Body::Builder b) {
    auto list = b.initKeys(static_cast<unsigned>(keys.size()));
    for (unsigned i = 0; i < keys.size(); ++i) {
      const AgentKey& k = *keys[i];
      auto out = list[i];
      out.setPublicKey(k.publicKey);
      out.setState(toString(k.state));
      out.setNodeId(k.nodeId);
      out.setClaimedNodeId(k.claimedNodeId);
      out.setHostname(k.hostname);
      out.setAddress(k.address);
      out.setFirstSeenMs(k.firstSeenMs);
      out.setLastSeenMs(k.lastSeenMs);
      const NodeInfo* n = k.nodeId.empty() ? nullptr : gateway.registry().find(k.nodeId);
      out.setConnected(k.state == KeyState::kAccepted && n != nullptr &&
                       n->state == NodeState::kReady);
    }
  });
}

}  // namespace cb::controller
