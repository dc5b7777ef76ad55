#pragma once
// One simulated clusterbench-agent: a real CURVE DEALER socket whose routing id is the node id,
// a real hello with the given facts, heartbeats on the interval the welcome sets, and an
// immediate succeeded taskResult (one sample completed=1) for every runTask; no child process
// is started and no taskEvent is sent. heartbeatAcks are counted, taskResultAcks ignored.
// Like agent/session/session.cpp it connects with ZMQ_IMMEDIATE (unless told otherwise), sends
// hello at once and again on every tick until welcomed, and says hello again on unknownNode.
// Thread-safety: every method runs on the io_context's thread.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "facts/facts.hpp"
#include "swarm_counters.hpp"
#include "wire/curve_keys.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::swarm {

struct SimAgentConfig {
  std::string endpoint;       // controller's agent endpoint
  std::string controllerKey;  // pinned controller public key (Z85)
  std::string joinToken;      // presented in hello; accepts the agent's own key
  std::string nodeId;         // 32 hex digits, asked for in hello (bound to the key)
  wire::KeyPair keys;
  agent::Facts facts;
  /// ZMQ_IMMEDIATE as the real agent sets it: a hello sent before the CURVE handshake is done
  /// is refused by ZeroMQ and only the next tick retries. false queues the first hello until
  /// the handshake completes (what the agent would do if it said hello on handshake success).
  bool immediate = true;
  std::chrono::milliseconds heartbeat{2000};  // until the welcome says otherwise
};

class SimAgent {
 public:
  SimAgent(boost::asio::io_context& io, zmq::context_t& zmq, SimAgentConfig config,
           SwarmCounters& counters, std::uint64_t swarmSize, std::atomic<std::int64_t>* welcomedNs);
  ~SimAgent();
  SimAgent(const SimAgent&) = delete;
  SimAgent& operator=(const SimAgent&) = delete;

  /// Creates and connects the socket, sends hello and starts the tick timer.
  void start();
  /// Cancels the timer and closes the socket.
  void stop();

 private:
  void tick();
  void sendHello();
  void send(const std::string& bytes);
  void onMessage(wire::Frames&& frames);

  struct Timer;
  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  SimAgentConfig config_;
  SwarmCounters& counters_;
  std::uint64_t swarmSize_;
  std::atomic<std::int64_t>* welcomedNs_;  // set once, at the first welcome (nowNs())
  std::unique_ptr<Timer> timer_;
  std::unique_ptr<wire::LoopSocket> socket_;
  bool registered_ = false;
  bool everRegistered_ = false;
  std::uint64_t heartbeatSeq_ = 0;
  std::uint64_t nextRequestId_ = 1;
};

}  // namespace cb::swarm
