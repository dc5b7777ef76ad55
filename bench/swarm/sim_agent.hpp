#pragma once
// One simulated clusterbench-agent built on the agent's own link to the controller
// (cb::agent::Connection: CURVE DEALER, hello until welcome, heartbeats, reconnect with backoff
// and jitter), so registration, heartbeats and reconnects are exactly the real agent's. What is
// simulated is the work: every runTask gets an immediate succeeded taskResult (one sample
// completed=1); no child process is started and no taskEvent is sent. taskResultAcks are ignored
// (no outbox). welcome and error go to the Connection, as agent/session/session.cpp routes them.
// Thread-safety: every method runs on the io_context's thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <zmq.hpp>

#include "facts/facts.hpp"
#include "schemas/protocol.capnp.h"
#include "session/connection.hpp"
#include "session/identity.hpp"
#include "swarm_counters.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::swarm {

struct SimAgentConfig {
  std::string endpoint;       // controller's agent endpoint
  std::string controllerKey;  // pinned controller public key (Z85)
  std::string joinToken;      // presented in hello; accepts the agent's own key
  agent::Identity identity;   // node id and key pair, made up by the swarm
  agent::Facts facts;
  /// clusterbench-agent --heartbeat-ms: the interval until the welcome sets one; no welcome
  /// within 3 of them and the Connection reconnects.
  std::chrono::milliseconds heartbeat{2000};
};

class SimAgent {
 public:
  /// `welcomedNs` is set once, at the first welcome (nowNs()); it must outlive the agent.
  SimAgent(boost::asio::io_context& io, zmq::context_t& zmq, const SimAgentConfig& config,
           SwarmCounters& counters, std::uint64_t swarmSize, std::atomic<std::int64_t>* welcomedNs);
  SimAgent(const SimAgent&) = delete;
  SimAgent& operator=(const SimAgent&) = delete;

  /// Connects; the Connection keeps the link up until stop().
  void start() { connection_.start(); }
  /// Closes the socket; no reconnect follows.
  void stop() { connection_.stop(); }

 private:
  agent::Connection::Hooks hooks();
  void onEnvelope(proto::Envelope::Body::Reader body);
  void onRegistered();

  agent::Facts facts_;
  SwarmCounters& counters_;
  std::uint64_t swarmSize_;
  std::atomic<std::int64_t>* welcomedNs_;
  bool everRegistered_ = false;
  agent::Connection connection_;  // last: its hooks use the members above
};

}  // namespace cb::swarm
