#pragma once
// Everything one clusterbench-swarm invocation measured, and how it is printed.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "percentiles.hpp"
#include "proc_stats.hpp"

namespace cb::swarm {

/// One fan-out/gather round: milliseconds since requestRun() was called.
struct RunTiming {
  double totalMs = 0;       // final reply received (what `clusterbench run` waits for)
  double dispatchMs = 0;    // first progress line: the controller has queued every runTask
  double gatherMs = 0;      // last progress line: the controller has stored the last result
  double firstTaskMs = 0;   // first runTask arrived at a simulated agent
  double lastTaskMs = 0;    // last runTask arrived at a simulated agent
  std::size_t results = 0;  // results in the final reply
  std::string status;       // run status in the final reply ("succeeded" when all N did)
  std::string error;        // requestRun() failure, if any
};

/// The bare-ZeroMQ reference (bare_reference.hpp): same N, same repeats, no controller.
struct BareFigures {
  bool ran = false;
  std::string error;             // empty when every round gathered every reply
  double connectMs = 0;          // until every DEALER's first message arrived
  std::size_t peers = 0;         // DEALERs connected
  std::vector<double> roundsMs;  // send to all N, gather all N
  // This process's RSS (it holds the ROUTER) before binding it and after the rounds: what
  // libzmq itself keeps per CURVE connection, the floor under the controller's memory figure.
  // 0 = not read.
  std::uint64_t rssBeforeKb = 0;
  std::uint64_t rssAfterKb = 0;
};

/// (rssAfterKb - rssBeforeKb) / peers in KiB; 0 when not measured.
double bareKibPerPeer(const BareFigures& b);

/// After the runs, the controller killed with SIGKILL and started again on the same state dir
/// and agent port; the agents find it again by themselves (Connection's reconnect).
struct RestartFigures {
  bool ran = false;
  bool allReady = false;
  double startMs = 0;  // kill to the new controller's controller.json
  double readyMs = 0;  // kill to status reporting N ready again
  std::uint64_t readySeen = 0;
  std::string error;
};

struct Figures {
  std::size_t agents = 0;
  int repeats = 0;
  int heartbeatMs = 0;
  int agentHeartbeatMs = 0;   // agents' interval until welcomed (3 of them = welcome timeout)
  std::size_t processes = 1;  // worker processes holding the agents
  int workerNice = 0;         // their nice value above the controller's
  std::string controllerBinary;
  std::uint64_t swarmFileLimit = 0;

  bool allReady = false;
  double readyMs = 0;           // controller reports N ready (status poll, 10 ms granularity)
  double agentsWelcomedMs = 0;  // last simulated agent received its welcome
  std::uint64_t readySeen = 0;  // ready count at the end of the wait (== agents on success)
  std::uint64_t statusPolls = 0, statusFailures = 0;  // requestStatus calls while waiting
  double statusMaxMs = 0;                             // slowest of them
  std::vector<double> statusMs;                       // every status answer's latency while waiting
  std::vector<double> nodesMs;  // requestNodes latencies, a few during the storm
  Summary welcome;              // per agent: ms from the start of the swarm to its welcome

  std::vector<RunTiming> runs;
  std::optional<ProcStats> controllerAtStart, controllerAfterRegistration, controllerAfterRuns;
  double swarmCpuAfterRegistration = 0;  // CPU seconds of this process and the workers ...
  double swarmCpuSeconds = 0;            // ... when N were ready, and after the runs

  // The workers' SwarmCounters, added up (sendRefused: taskResults the Connection dropped).
  std::uint64_t hellosSent = 0, heartbeatsSent = 0, heartbeatAcks = 0, tasksReceived = 0,
                resultsSent = 0, errorsReceived = 0, sendRefused = 0, reRegistrations = 0;
  BareFigures bare;
  RestartFigures restart;
  std::string controllerExit;
  std::string workersExit;            // empty when every worker exited with status 0
  std::string loadBefore, loadAfter;  // /proc/loadavg: other work on the machine skews figures
};

/// Summary of the successful runs' totals (ms).
Summary totalSummary(const Figures& f);
/// Controller round trip p50 / bare-ZeroMQ round p50; 0 when either is missing.
double bareRatio(const Figures& f);
/// (controller RSS after registration - at start) / agents, in KiB; 0 when unknown.
double controllerKibPerAgent(const Figures& f);

/// Human-readable report.
void printText(std::ostream& out, const Figures& f);
/// One JSON object with the same figures (milliseconds, kB, seconds).
void printJson(std::ostream& out, const Figures& f);

}  // namespace cb::swarm
