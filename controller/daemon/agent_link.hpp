#pragma once
// How the controller's services reach agents: encoded envelopes by node id. The AgentGateway
// implements it over the ROUTER socket; unit tests use a fake.
#include <string>

namespace cb::controller {

class AgentLink {
 public:
  virtual ~AgentLink() = default;
  /// False when the node is unknown or its connection cannot take the message now.
  virtual bool send(const std::string& nodeId, const std::string& bytes) = 0;
};

}  // namespace cb::controller
