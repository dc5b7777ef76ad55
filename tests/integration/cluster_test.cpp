// Controller + agents as real processes on loopback: registration, a real sysbench run,
// liveness (kill -9 / restart), controller restart, and a wrong controller key.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "integration/cluster_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

TEST_CASE("three agents register and a sysbench-cpu run returns parsed samples from each") {
  LocalCluster c;
  for (int i = 0; i < 3; ++i) c.startAgent(i);
  REQUIRE_MESSAGE(c.waitForNodes(3, "ready"), c.controllerLog());
  auto nodes = c.nodes();
  std::set<std::string> ids;
  for (const auto& n : nodes) {
    ids.insert(n["id"].get<std::string>());
    CHECK(n["cpu_count"].get<int>() >= 1);
    CHECK(n["memory_bytes"].get<double>() > 0);
    CHECK_FALSE(n["kernel"].get<std::string>().empty());
    CHECK(std::set<std::string>{"bare", "vm", "container"}.count(n["environment"]) == 1);
  }
  CHECK(ids == std::set<std::string>{c.nodeId(0), c.nodeId(1), c.nodeId(2)});

  auto r = c.cli(
      {"run", "--benchmark", "sysbench-cpu", "-p", "time=1", "-p", "cpu-max-prime=5000", "--json"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  auto run = nlohmann::json::parse(r.out);
  CHECK(run["status"] == "succeeded");
  REQUIRE(run["results"].size() == 3);
  for (const auto& res : run["results"]) {
    CHECK(res["status"] == "succeeded");
    CHECK(res["exit_code"] == 0);
    CHECK(res["wall_seconds"].get<double>() >= 0.9);
    CHECK(res["command"][0] == "sysbench");
    bool sawEps = false;
    for (const auto& s : res["samples"]) {
      if (s["metric"] == "events_per_second") {
        sawEps = true;
        CHECK(s["value"].get<double>() > 0);
        CHECK(s["unit"] == "events/s");
      }
    }
    CHECK(sawEps);
  }
  // Raw output is stored next to the samples.
  auto one = c.cli({"results", "--run", std::to_string(run["run_id"].get<int>()), "--json"});
  REQUIRE(one.exitCode == 0);
  auto stored = nlohmann::json::parse(one.out);
  CHECK(stored[0]["results"][0]["raw_output"].get<std::string>().find("events per second:") !=
        std::string::npos);
}

TEST_CASE("a killed agent is marked lost and comes back ready with the same identity") {
  LocalCluster c;
  c.startAgent(0);
  c.startAgent(1);
  REQUIRE(c.waitForNodes(2, "ready"));
  std::string id = c.nodeId(0);
  c.killAgent(0);
  REQUIRE_MESSAGE(c.waitForNodes(1, "lost", 10s), c.controllerLog());
  for (const auto& n : c.nodes()) {
    if (n["state"] == "lost") CHECK(n["id"] == id);
  }
  c.startAgent(0);
  REQUIRE(c.waitForNodes(2, "ready"));
  CHECK(c.nodes().size() == 2);  // same node, not a new one
  CHECK(c.nodeId(0) == id);
}

TEST_CASE("after a controller restart agents come back by themselves and results survive") {
  LocalCluster c;
  for (int i = 0; i < 2; ++i) c.startAgent(i);
  REQUIRE(c.waitForNodes(2, "ready"));
  auto r = c.cli({"run", "-b", "sysbench-cpu", "-p", "time=1", "-p", "cpu-max-prime=3000",
                  "--label", "environment=vm", "--label", "setup=virtualbox", "--json"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  int runId = nlohmann::json::parse(r.out)["run_id"];

  int port = c.port();
  c.stopController(SIGKILL);
  c.startController(port);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready", 20s), c.controllerLog() << c.agentLog(0));

  auto res = c.cli({"results", "--json"});
  REQUIRE(res.exitCode == 0);
  auto runs = nlohmann::json::parse(res.out);
  REQUIRE(runs.size() >= 1);
  CHECK(runs[0]["run_id"] == runId);
  // The user's labels are stored and win over the environment the facts show.
  CHECK(runs[0]["labels"]["environment"] == "vm");
  CHECK(runs[0]["labels"]["setup"] == "virtualbox");
  CHECK(runs[0]["results"].size() == 2);
  CHECK(runs[0]["results"][0]["samples"].size() >= 1);
}

TEST_CASE("an agent pinned to the wrong controller key is refused and says why") {
  LocalCluster c;
  c.startAgent(0);
  // A well-formed key that is not the controller's.
  c.startAgent(1, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7");
  REQUIRE(c.waitForNodes(1, "ready"));
  CHECK(cb::test::waitFor(
      [&] { return c.agentLog(1).find("CURVE handshake") != std::string::npos; }, 10s));
  CHECK(c.agentLog(1).find("controller key") != std::string::npos);
  std::this_thread::sleep_for(1s);
  CHECK(c.nodes().size() == 1);
}

TEST_CASE("CLI errors are clear and exit non-zero") {
  LocalCluster c;
  c.startAgent(0);
  REQUIRE(c.waitForNodes(1, "ready"));
  auto missing = c.cli({"run"});
  CHECK(missing.exitCode != 0);
  CHECK(missing.err.find("--benchmark") != std::string::npos);

  auto unknown = c.cli({"run", "-b", "no-such-bench"});
  CHECK(unknown.exitCode != 0);
  CHECK(unknown.err.find("unknown benchmark 'no-such-bench'") != std::string::npos);

  auto badParam = c.cli({"run", "-b", "sysbench-cpu", "-p", "threads=lots"});
  CHECK(badParam.exitCode != 0);
  CHECK(badParam.err.find("'lots' is not an integer") != std::string::npos);

  auto noEq = c.cli({"run", "-b", "sysbench-cpu", "-p", "threads"});
  CHECK(noEq.exitCode != 0);
  CHECK(noEq.err.find("expected NAME=VALUE") != std::string::npos);

  auto badLabel = c.cli({"run", "-b", "sysbench-cpu", "--label", "environment=VM"});
  CHECK(badLabel.exitCode == 2);
  CHECK(badLabel.err.find("environment must be vm, container or bare (got 'VM')") !=
        std::string::npos);

  auto badNode = c.cli({"run", "-b", "sysbench-cpu", "--nodes", "ghost"});
  CHECK(badNode.exitCode != 0);
  CHECK(badNode.err.find("no node 'ghost'") != std::string::npos);

  auto noDaemon = cb::test::run(
      {cb::test::bin("clusterbench"), "--state-dir", (c.dir() / "nowhere").string(), "nodes"});
  CHECK(noDaemon.exitCode != 0);
  CHECK(noDaemon.err.find("no controller is running") != std::string::npos);

  auto help = c.cli({"run", "--help"});
  CHECK(help.exitCode == 0);
  CHECK(help.out.find("--benchmark") != std::string::npos);
}

TEST_CASE("a CLI waiting on a run fails clearly when the controller dies") {
  LocalCluster c;
  c.startAgent(0);
  REQUIRE(c.waitForNodes(1, "ready"));
  cb::test::Daemon cli({cb::test::bin("clusterbench"), "--state-dir", c.stateDir().string(), "run",
                        "-b", "sysbench-cpu", "-p", "time=60"},
                       c.dir() / "cli.log");
  REQUIRE(cb::test::waitFor([&] { return cli.log().find("started") != std::string::npos; }, 10s));
  c.stopController(SIGKILL);
  CHECK(cb::test::waitFor([&] { return !cli.running(); }, 30s));
  CHECK(cli.log().find("stopped answering") != std::string::npos);
}
