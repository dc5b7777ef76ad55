#pragma once
// The `--worker` mode of clusterbench-swarm: one process holding a share of the simulated
// agents (swarm.hpp) and, later, as many bare DEALERs (bare_dealers.hpp), driven by the parent
// over stdin/stdout with the line protocol of worker_protocol.hpp.
// Contract: prints "prepared <agents>" once its identities are made, then answers commands
// until "quit" or end of input; returns the exit status (0 after "quit", 1 when stdin closed
// early). It dies with the parent (PR_SET_PDEATHSIG, set between fork and exec).
#include <cstddef>
#include <string>

namespace cb::swarm {

struct WorkerArgs {
  std::size_t first = 0;  // index of the first agent of this share
  std::size_t agents = 0;
  std::string endpoint, controllerKey, joinToken;
  std::string logLevel = "error";  // the agents' session logger (spdlog level name)
  int heartbeatMs = 2000;          // SimAgentConfig::heartbeat
};

int runWorker(const WorkerArgs& args);

}  // namespace cb::swarm
