// A controller that freezes (SIGSTOP: the kernel still accepts TCP for it, but nothing answers)
// is a busy controller as an agent sees it: the agent's link drops on missed ZMTP heartbeats and
// libzmq connects again at once, with a CURVE handshake that waits at the controller. The agent
// must keep that socket (a new one would start its handshake over, at the back of the queue of
// a controller that 10,000 agents reconnect to) and be ready again when the controller thaws.
#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "integration/cluster_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

TEST_CASE("a frozen controller: the agent keeps its socket through the handshake wait") {
  LocalCluster c;  // heartbeats every 300 ms, 3 missed: the agent's limit is 0.9 s
  c.startAgent(0);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), c.controllerLog());
  const int controller = c.controllerPid();
  REQUIRE(controller > 0);

  REQUIRE(::kill(controller, SIGSTOP) == 0);
  std::this_thread::sleep_for(6s);  // more than 6 of the agent's limits
  const std::string frozenLog = c.agentLog(0);
  REQUIRE(::kill(controller, SIGCONT) == 0);

  // The link did drop (the scenario happened), and the agent built no new socket for it.
  CHECK_MESSAGE(frozenLog.find("disconnected from controller") != std::string::npos, frozenLog);
  CHECK_MESSAGE(frozenLog.find("reconnecting in") == std::string::npos, frozenLog);

  CHECK_MESSAGE(c.waitForNodes(1, "ready"), std::string(c.agentLog(0) + c.controllerLog()));

  // A run right after the thaw gets its result at once, not after the agent's 60 s patience
  // (the controller once stopped reading its agents' socket: a ZMQ_EVENTS query outside the
  // drain spent the descriptor's edge, and nothing read the result or the heartbeats).
  const auto started = std::chrono::steady_clock::now();
  auto run = c.cli({"run", "-b", "sysbench-cpu", "-p", "time=1", "--json"}, 40s);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE_MESSAGE(run.exitCode == 0, run.err << c.agentLog(0) << c.controllerLog());
  CHECK_MESSAGE(took < 20s, "the run took "
                                << std::chrono::duration_cast<std::chrono::seconds>(took).count()
                                << " s\n"
                                << c.agentLog(0) << c.controllerLog());
  auto json = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!json.is_discarded(), run.out);
  CHECK(json["status"] == "succeeded");
}
