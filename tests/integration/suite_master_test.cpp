// A suite's master (the node of `nodes: master`, iperf3's server, HPCC's mpirun) is the node the
// user names with --master, resolved once to its node id, or the applied cluster spec's master
// entry; never a node chosen by its reported hostname. Without one, the steps that need a master
// are skipped with the reason and nothing runs. Real controller, real agents, real sysbench.
#include <doctest/doctest.h>

#include <fstream>

#include "integration/cluster_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

namespace {

const char* kSuite = R"(name: master-only
defaults: {repetitions: 1, timeout: 60, mode: parallel}
steps:
  - {name: on-master, benchmark: sysbench-cpu, nodes: master,
     params: {cpu-max-prime: 2000, threads: 1, time: 1}}
)";

nlohmann::json parsed(const cb::test::CommandResult& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(j.is_object(), r.out << r.err);
  return j;
}

}  // namespace

TEST_CASE("suite master: the node --master names, never a reported hostname; none: skipped") {
  LocalCluster c;
  c.startAgent(0);
  c.startAgent(1);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog());
  const auto suiteFile = c.dir() / "master-only.yaml";
  std::ofstream(suiteFile) << kSuite;
  const std::string second = c.nodeId(1);

  // Nothing applied and no --master: the step is skipped with the reason; no task ran.
  auto none = c.cli({"run", suiteFile.string(), "--json"}, 60s);
  CHECK(none.exitCode == 3);
  auto noneJson = parsed(none);
  REQUIRE(noneJson["runs"].size() == 1);
  CHECK(noneJson["runs"][0]["status"] == "skipped");
  CHECK(noneJson["runs"][0]["message"].get<std::string>().rfind("no master chosen", 0) == 0);

  // --master by node id: that node, and only it, runs the master's step.
  auto chosen = c.cli({"run", suiteFile.string(), "--json", "--progress", "--master", second}, 60s);
  REQUIRE_MESSAGE(chosen.exitCode == 0, chosen.err << chosen.out);
  auto chosenJson = parsed(chosen);
  REQUIRE(chosenJson["runs"].size() == 1);
  const auto& results = chosenJson["runs"][0]["run"]["results"];
  REQUIRE(results.size() == 1);
  CHECK(results[0]["node_id"] == second);
  CHECK(chosen.err.find("suite master: ") != std::string::npos);

  // Both agents report this host's hostname: a hostname that is not one node's is refused
  // before anything starts, naming the count; an unknown node too.
  const std::string hostname = c.nodes()[0]["hostname"].get<std::string>();
  auto twins = c.cli({"run", suiteFile.string(), "--master", hostname}, 60s);
  CHECK(twins.exitCode == 1);
  CHECK_MESSAGE(
      twins.err.find("is the reported hostname of 2 nodes: give the node id") != std::string::npos,
      twins.err);
  auto unknown = c.cli({"run", suiteFile.string(), "--master", "no-such-node"}, 60s);
  CHECK(unknown.exitCode == 1);
  CHECK(unknown.err.find("'no-such-node' is no ready node") != std::string::npos);

  // --master belongs to suites: a single run's master is its first --nodes.
  auto single = c.cli({"run", "-b", "sysbench-cpu", "--master", second}, 30s);
  CHECK(single.exitCode == 2);
}
