// The controller killed with SIGKILL mid-run while its agents keep benchmarking: after a restart
// on the same state dir the agents register again and re-send their outboxes, every node's
// result of that run is stored exactly once, and the run is marked `interrupted`.
// Faults injected: one (SIGKILL of the controller, down for about 5 s).
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "integration/cluster_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

TEST_CASE("controller kill -9 mid-run: after a restart each node's result is stored once") {
  LocalCluster c;
  c.startAgent(0);
  c.startAgent(1);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog());
  const int port = c.port();

  auto run = std::async(std::launch::async, [&] {
    return c.cli({"run", "-b", "sysbench-cpu", "-p", "time=3", "-p", "cpu-max-prime=2000",
                  "--json"},
                 60s);
  });
  std::this_thread::sleep_for(1500ms);
  c.stopController(SIGKILL);
  auto lost = run.get();
  CHECK(lost.exitCode != 0);  // the client saw its controller go away

  // The benchmarks finish while no controller listens; then it comes back on the same port.
  std::this_thread::sleep_for(3s);
  c.startController(port);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready", 20s), c.controllerLog());

  nlohmann::json latest;
  bool both = cb::test::waitFor(
      [&] {
        auto r = c.cli({"results", "--json"}, 10s);
        if (r.exitCode != 0) return false;
        auto runs = nlohmann::json::parse(r.out);
        if (!runs.is_array() || runs.empty()) return false;
        latest = runs.at(0);
        return latest["results"].size() >= 2;
      },
      30s);
  REQUIRE_MESSAGE(both, std::string(c.controllerLog() + c.agentLog(0) + c.agentLog(1)));
  std::this_thread::sleep_for(1s);  // late duplicates, if any, would arrive now
  auto again = c.cli({"results", "--run", std::to_string(latest["run_id"].get<std::int64_t>()),
                      "--json"},
                     10s);
  REQUIRE(again.exitCode == 0);
  auto stored = nlohmann::json::parse(again.out).at(0);
  CHECK(stored["benchmark"] == "sysbench-cpu");
  CHECK(stored["status"] == "interrupted");
  REQUIRE(stored["results"].size() == 2);
  std::set<std::string> nodes;
  for (const auto& r : stored["results"]) {
    nodes.insert(r["node_id"].get<std::string>());
    CHECK(r["status"] == "succeeded");
    CHECK_FALSE(r["samples"].empty());
  }
  CHECK(nodes == std::set<std::string>{c.nodeId(0), c.nodeId(1)});
  CHECK(c.controllerLog().find("interrupted") != std::string::npos);
}
