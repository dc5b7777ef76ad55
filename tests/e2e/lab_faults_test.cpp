// Faults in a real netns lab (root): a node cut off by its veth for longer than the lost timeout
// comes back with its real result, and `lab up` starts a dead lab controller again. Each case
// removes every namespace, link and process carrying its unique prefix or state dir, even on
// failure (TestLab's destructor).
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <thread>

#include "e2e/lab_fixture.hpp"
#include "support/process.hpp"

using namespace cb::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// hostname -> node id, from `nodes --json`.
std::map<std::string, std::string> nodeIds(TestLab& lab) {
  auto nodes = lab.cli({"nodes", "--json"});
  REQUIRE_MESSAGE(nodes.exitCode == 0, nodes.err);
  std::map<std::string, std::string> ids;
  for (const auto& n : parseJson(nodes)) ids[n["hostname"]] = n["id"];
  return ids;
}

/// The node's state in `nodes --json` ("" when absent or the controller does not answer).
std::string nodeState(TestLab& lab, const std::string& id) {
  auto nodes = lab.cli({"nodes", "--json"}, 10s);
  if (nodes.exitCode != 0) return "";
  auto j = nlohmann::json::parse(nodes.out, nullptr, false);
  if (j.is_discarded()) return "";
  for (const auto& n : j) {
    if (n["id"] == id) return n["state"];
  }
  return "";
}

nlohmann::json resultOf(const nlohmann::json& run, const std::string& nodeId) {
  for (const auto& r : run["results"]) {
    if (r["node_id"] == nodeId) return r;
  }
  return nullptr;
}

/// `results --run ID --json`'s run, or null.
nlohmann::json storedRun(TestLab& lab, const std::string& runId) {
  auto res = lab.cli({"results", "--run", runId, "--json"}, 10s);
  if (res.exitCode != 0) return nullptr;
  auto j = nlohmann::json::parse(res.out, nullptr, false);
  if (j.is_discarded() || !j.is_array() || j.empty()) return nullptr;
  return j[0];
}

/// Sets a host link up again when the test leaves early, so that the lab's teardown sees it as
/// it was built.
struct LinkUpOnExit {
  std::string link;
  ~LinkUpOnExit() { cb::os::runSync({"ip", "link", "set", "dev", link, "up"}); }
};

std::string commandLine(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string cmd(std::istreambuf_iterator<char>(in), {});
  for (auto& c : cmd) c = c == '\0' ? ' ' : c;
  return cmd;
}

}  // namespace

TEST_CASE(
    "a node cut off longer than the lost timeout is lost, returns, and its result replaces lost") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
  const auto began = Clock::now();
  TestLab lab("cbp", 4);
  Argv args = lab.upArgs(2);
  // Lost after 3 silent 500 ms intervals: well inside the 10 s benchmark below.
  args.insert(args.end(), {"--heartbeat-ms", "500", "--missed-heartbeats", "3"});
  auto up = lab.cli(args);
  REQUIRE_MESSAGE(up.exitCode == 0, "lab up failed: " << up.err);
  auto ids = nodeIds(lab);
  REQUIRE(ids.size() == 2);
  const std::string node02 = ids.at("node02");
  const std::string master = ids.at("master");
  const std::string veth = lab.prefix() + "-node02";  // host end of node02's pair
  LinkUpOnExit restore{veth};

  // The link goes down 2 s into a 10 s benchmark; node02's agent keeps running it.
  std::thread cut([&] {
    std::this_thread::sleep_for(2s);
    cb::os::runSync({"ip", "link", "set", "dev", veth, "down"});
  });
  auto run = lab.cli(
      {"run", "-b", "sysbench-cpu", "-p", "time=10", "-p", "cpu-max-prime=3000", "--json"}, 60s);
  cut.join();
  // A run that is not fully successful exits 3.
  REQUIRE_MESSAGE(run.exitCode == 3, run.out << run.err);
  auto ended = parseJson(run);
  CHECK(ended["status"] == "partial");
  auto lost = resultOf(ended, node02);
  REQUIRE(lost.is_object());
  CHECK(lost["status"] == "lost");
  CHECK(resultOf(ended, master)["status"] == "succeeded");
  CHECK(nodeState(lab, node02) == "lost");
  CHECK(nodeState(lab, master) == "ready");
  const std::string runId = std::to_string(ended["run_id"].get<std::int64_t>());

  // The link comes back: node02 is ready again and its outbox delivers the finished benchmark.
  auto linkUp = cb::os::runSync({"ip", "link", "set", "dev", veth, "up"});
  REQUIRE_MESSAGE(linkUp.exitCode == 0, linkUp.err);
  nlohmann::json after;
  bool replaced = cb::test::waitFor(
      [&] {
        after = storedRun(lab, runId);
        if (!after.is_object()) return false;
        auto mine = resultOf(after, node02);
        return mine.is_object() && mine["status"] == "succeeded";
      },
      40s);
  REQUIRE_MESSAGE(replaced, "node02's result did not replace lost: " << after.dump());
  CHECK(cb::test::waitFor([&] { return nodeState(lab, node02) == "ready"; }, 15s));
  CHECK(after["status"] == "succeeded");
  REQUIRE(after["results"].size() == 2);  // exactly one row per node
  CHECK(resultOf(after, master)["status"] == "succeeded");
  auto mine = resultOf(after, node02);
  CHECK(mine["hostname"] == "node02");
  CHECK_FALSE(mine["samples"].empty());
  CHECK(Clock::now() - began < 90s);
}

TEST_CASE("lab up on a lab whose controller died starts it again with the same settings") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
  TestLab lab("cbr", 5);
  Argv args = lab.upArgs(2);
  args.insert(args.end(), {"--heartbeat-ms", "500"});
  auto up = lab.cli(args);
  REQUIRE_MESSAGE(up.exitCode == 0, "lab up failed: " << up.err);
  auto run = lab.cli({"run", "-b", "sysbench-cpu", "-p", "time=1", "--json"}, 60s);
  REQUIRE_MESSAGE(run.exitCode == 0, run.err);
  const std::string runId = std::to_string(parseJson(run)["run_id"].get<std::int64_t>());

  auto status = parseJson(lab.cli({"lab", "status", "--json"}));
  REQUIRE(status["controller"]["started_by_lab"] == true);
  const int old = status["controller"]["pid"];
  REQUIRE(alive(old));
  const std::string oldCommand = commandLine(old);
  REQUIRE(::kill(old, SIGKILL) == 0);
  REQUIRE(cb::test::waitFor([&] { return !alive(old); }, 10s));
  CHECK(parseJson(lab.cli({"lab", "status", "--json"}))["controller"]["reachable"] == false);

  // Without the heartbeat option this time: the recorded settings are used, not this call's.
  auto again = lab.cli(lab.upArgs(2));
  REQUIRE_MESSAGE(again.exitCode == 0, again.err);
  CHECK_MESSAGE(again.err.find("controller restarted; 2 nodes ready") != std::string::npos,
                again.err);
  auto j = parseJson(again);
  CHECK(j["controller_restarted"] == true);
  CHECK(j["ready_nodes"] == 2);
  for (const auto& n : j["nodes"]) CHECK(n["state"] == "ready");
  const int now = j["controller"]["pid"];
  CHECK(now != old);
  CHECK(alive(now));
  CHECK(commandLine(now) == oldCommand);
  CHECK(commandLine(now).find("--heartbeat-ms 500") != std::string::npos);

  // The earlier run's results are still there, and the nodes run benchmarks again.
  auto stored = storedRun(lab, runId);
  REQUIRE(stored.is_object());
  CHECK(stored["status"] == "succeeded");
  CHECK(stored["results"].size() == 2);
  auto next = lab.cli({"run", "-b", "sysbench-cpu", "-p", "time=1", "--json"}, 60s);
  CHECK_MESSAGE(next.exitCode == 0, next.err);

  // A live lab stays as it is.
  auto third = lab.cli(lab.upArgs(2));
  REQUIRE_MESSAGE(third.exitCode == 0, third.err);
  auto k = parseJson(third);
  CHECK(k["already_up"] == true);
  CHECK_FALSE(k.contains("controller_restarted"));
  CHECK(k["controller"]["pid"] == now);

  auto pids = labPids(parseJson(lab.cli({"lab", "status", "--json"})));
  auto down = lab.cli({"lab", "down"});
  CHECK_MESSAGE(down.exitCode == 0, down.err);
  checkNothingLeft(lab, pids);
}
