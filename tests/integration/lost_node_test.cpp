// A node that goes silent mid-run (its agent stopped with SIGSTOP: a partition as the controller
// sees it) ends its tasks as `lost` at once, the run finishes long before its deadline, and when
// the node comes back its real result (kept in the agent's outbox) replaces `lost`.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "integration/cluster_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

namespace {
nlohmann::json resultOf(const nlohmann::json& run, const std::string& nodeId) {
  for (const auto& r : run["results"]) {
    if (r["node_id"] == nodeId) return r;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("a node lost mid-run ends its task as lost; its real result replaces it on return") {
  LocalCluster c;
  c.startAgent(0);
  c.startAgent(1);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog());
  const std::string lostId = c.nodeId(1);
  const pid_t agent1 = c.agent(1).pid();

  // Agent 1 stops answering 1.5 s into a 5 s benchmark; its benchmark child keeps running.
  std::thread partition([&] {
    std::this_thread::sleep_for(1500ms);
    ::kill(agent1, SIGSTOP);
  });
  auto started = std::chrono::steady_clock::now();
  auto r = c.cli({"run", "-b", "sysbench-cpu", "-p", "time=5", "-p", "cpu-max-prime=3000",
                  "--json"},
                 120s);
  auto took = std::chrono::steady_clock::now() - started;
  partition.join();
  // A run that is not fully successful exits 3.
  REQUIRE_MESSAGE(r.exitCode == 3, std::string(r.err + c.controllerLog()));
  auto run = nlohmann::json::parse(r.out);
  // The task timeout is minutes: finishing in seconds means the loss ended the run.
  CHECK(took < 30s);
  CHECK(run["status"] == "partial");
  auto lost = resultOf(run, lostId);
  REQUIRE(lost.is_object());
  CHECK(lost["status"] == "lost");
  CHECK(lost["message"].get<std::string>().find("node lost") != std::string::npos);
  auto ok = resultOf(run, c.nodeId(0));
  REQUIRE(ok.is_object());
  CHECK(ok["status"] == "succeeded");

  // The partition heals: the agent reports the benchmark it finished meanwhile.
  ::kill(agent1, SIGCONT);
  const std::string runId = std::to_string(run["run_id"].get<std::int64_t>());
  nlohmann::json after;
  bool replaced = cb::test::waitFor(
      [&] {
        auto res = c.cli({"results", "--run", runId, "--json"}, 10s);
        if (res.exitCode != 0) return false;
        after = nlohmann::json::parse(res.out).at(0);
        auto mine = resultOf(after, lostId);
        return mine.is_object() && mine["status"] == "succeeded";
      },
      30s);
  REQUIRE_MESSAGE(replaced, std::string(c.controllerLog() + c.agentLog(1)));
  CHECK(after["status"] == "succeeded");
  CHECK(after["results"].size() == 2);
  auto mine = resultOf(after, lostId);
  CHECK_FALSE(mine["samples"].empty());
  REQUIRE(c.waitForNodes(2, "ready"));
}
