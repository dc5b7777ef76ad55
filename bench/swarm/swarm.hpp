#pragma once
// One process's share of the simulated agents (sim_agent.hpp): agents first..first+count-1 of
// the whole swarm, all driven by one Boost.Asio loop on one thread, sharing one ZeroMQ context.
// Ownership: owns the agents and their loop thread; the destructor stops them.
// Thread-safety: start()/stop()/counters()/welcomedNs() from the driving thread only; the
// agents live on the loop thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loop_thread.hpp"
#include "sim_agent.hpp"
#include "swarm_counters.hpp"

namespace cb::swarm {

struct SwarmOptions {
  std::size_t first = 0;      // index of this share's first agent (names its facts)
  std::size_t agents = 100;   // agents in this share
  std::string endpoint;       // controller's agent endpoint
  std::string controllerKey;  // controller public key (Z85)
  std::string joinToken;      // every simulated agent enrolls with it, like a lab's agents
  std::chrono::milliseconds heartbeat{2000};  // SimAgentConfig::heartbeat
};

/// File descriptors one simulated agent costs: its TCP connection, the mailboxes of its DEALER,
/// of its monitor PAIR and of libzmq's monitor socket, and the two dup()ed ZMQ_FDs we watch.
inline constexpr std::size_t kFdsPerAgent = 6;

class Swarm {
 public:
  /// Prepares the identities (key pair, node id) and facts; nothing is connected yet, so this
  /// untimed work stays out of the registration figure.
  explicit Swarm(const SwarmOptions& options);
  ~Swarm();
  Swarm(const Swarm&) = delete;
  Swarm& operator=(const Swarm&) = delete;

  /// Starts the loop thread, which creates every agent and connects it. Returns at once.
  void start();
  /// Closes every socket on the loop thread and joins it. Idempotent.
  void stop();

  const SwarmCounters& counters() const { return counters_; }
  SwarmCounters& counters() { return counters_; }
  std::size_t size() const { return configs_.size(); }
  /// Per agent, the nowNs() of its first welcome; 0 = not welcomed yet.
  std::vector<std::int64_t> welcomedNs() const;

 private:
  std::vector<SimAgentConfig> configs_;
  SwarmCounters counters_;
  std::unique_ptr<std::atomic<std::int64_t>[]> welcomedNs_;  // one per agent, 0 = not yet
  std::unique_ptr<LoopThread> loop_;
  std::vector<std::unique_ptr<SimAgent>> agents_;  // created and destroyed on the loop thread
};

/// Raises this process's soft RLIMIT_NOFILE to its hard limit; returns the new soft limit.
std::uint64_t raiseFileLimit();

}  // namespace cb::swarm
