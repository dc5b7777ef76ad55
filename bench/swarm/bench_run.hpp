#pragma once
// One whole clusterbench-swarm invocation (the parent side): the controller child, the worker
// processes with the simulated agents, the timed phases, the bare-ZeroMQ reference, the report.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace cb::swarm {

struct BenchOptions {
  std::size_t agents = 100;
  std::size_t processes = 0;  // 0 = enough that each holds at most kMaxAgentsPerProcess
  int repeats = 20;
  int heartbeatMs = 2000;       // the controller's --heartbeat-ms
  int agentHeartbeatMs = 2000;  // the agents' --heartbeat-ms (until the welcome sets one)
  int registerTimeoutS = 60;
  int runTimeoutS = 120;
  std::filesystem::path self;  // this executable, exec'd in --worker mode
  std::string controllerBinary;
  std::string controllerLogLevel = "info";
  std::string agentLogLevel = "error";
  int workerNice = 10;                 // workers run this much nicer than the controller
  std::uint64_t controllerNofile = 0;  // 0 = inherit this process's raised limit
  bool reference = true;               // also run the bare-ZeroMQ reference
  bool restart = false;                // kill -9 and restart the controller after the runs
  bool keep = false;
  bool json = false;
};

inline constexpr std::size_t kMaxAgentsPerProcess = 4000;
/// Default shares keep a worker's steady-state descriptors under 1/kFdHeadroom of its limit.
inline constexpr std::size_t kFdHeadroom = 6;

/// Runs everything and prints the figures to stdout (progress to stderr). Returns the exit
/// status: 0 when every phase succeeded, 1 when one failed, 2 for a bad configuration.
int runBenchmark(const BenchOptions& options);

}  // namespace cb::swarm
