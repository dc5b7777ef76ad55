#pragma once
// N simulated agents (sim_agent.hpp) in this process, all driven by one Boost.Asio loop on one
// thread ("the swarm thread"), sharing one ZeroMQ context sized for N sockets.
// Ownership: owns the agents, the loop, the thread and the ZeroMQ context; the destructor stops
// them. Thread-safety: start()/stop()/counters() may be called from the driving thread only;
// the agents themselves live on the swarm thread.
#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim_agent.hpp"
#include "swarm_counters.hpp"

namespace cb::swarm {

struct SwarmOptions {
  std::size_t agents = 100;
  std::string endpoint;       // controller's agent endpoint
  std::string controllerKey;  // controller public key (Z85)
  std::string joinToken;      // every simulated agent enrolls with it, like a lab's agents
  bool immediate = true;      // see SimAgentConfig::immediate
};

class Swarm {
 public:
  /// Prepares N identities (key pair, node id) and facts; nothing is connected yet, so this
  /// untimed work stays out of the registration figure.
  explicit Swarm(const SwarmOptions& options);
  ~Swarm();
  Swarm(const Swarm&) = delete;
  Swarm& operator=(const Swarm&) = delete;

  /// Starts the swarm thread, which creates and connects every agent's socket and sends its
  /// hello. Returns at once.
  void start();
  /// Closes every socket on the swarm thread and joins it. Idempotent.
  void stop();

  const SwarmCounters& counters() const { return counters_; }
  SwarmCounters& counters() { return counters_; }
  std::size_t size() const { return configs_.size(); }
  /// Per agent, milliseconds from start() to its first welcome; agents not yet welcomed are
  /// left out.
  std::vector<double> welcomeLatenciesMs() const;

 private:
  struct Loop;
  std::vector<SimAgentConfig> configs_;
  SwarmCounters counters_;
  std::unique_ptr<std::atomic<std::int64_t>[]> welcomedNs_;  // one per agent, 0 = not yet
  std::int64_t startNs_ = 0;
  std::unique_ptr<zmq::context_t> zmq_;
  std::unique_ptr<Loop> loop_;
  std::vector<std::unique_ptr<SimAgent>> agents_;  // created and destroyed on the swarm thread
  std::thread thread_;
};

/// Raises this process's soft RLIMIT_NOFILE to its hard limit; returns the new soft limit.
std::uint64_t raiseFileLimit();

}  // namespace cb::swarm
