// A suite interrupted by a controller SIGKILL is continued with `clusterbench run --resume`: the
// restarted controller lists it `interrupted` with the step it finished, the resume runs only
// what is left under the same suite id, and the summary counts each step repetition once (the
// run the kill interrupted is stored, but belongs to no repetition).
// Faults injected: one (SIGKILL of the controller during the suite's second step).
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <thread>

#include "integration/cluster_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

namespace {

const char* kSuite = R"(name: resume-me
defaults: {repetitions: 1, timeout: 60, nodes: all, mode: parallel}
steps:
  - {name: first, benchmark: sysbench-cpu, params: {cpu-max-prime: 2000, threads: 1, time: 1}}
  - {name: slow, benchmark: sysbench-cpu, params: {cpu-max-prime: 2000, threads: 1, time: 4}}
  - {name: last, benchmark: sysbench-cpu, params: {cpu-max-prime: 2000, threads: 1, time: 1}}
)";

std::filesystem::path writeFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

/// The stored suite runs (`clusterbench suites --json`); null when the controller does not answer.
nlohmann::json suites(LocalCluster& c) {
  auto r = c.cli({"suites", "--json"}, 10s);
  if (r.exitCode != 0) return nullptr;
  return nlohmann::json::parse(r.out, nullptr, false);
}

}  // namespace

TEST_CASE("suite: controller kill -9 mid-suite; --resume finishes it, each step counted once") {
  LocalCluster c;
  c.startAgent(0);
  c.startAgent(1);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog());
  const int port = c.port();
  const auto suiteFile = writeFile(c.dir() / "resume-me.yaml", kSuite);

  auto first = std::async(std::launch::async, [&] {
    return c.cli({"run", suiteFile.string(), "--progress"}, 60s);
  });
  // Step 1 finished (its repetition is recorded), step 2 (4 s) is running: kill the controller.
  nlohmann::json listed;
  bool stepOneDone = cb::test::waitFor(
      [&] {
        listed = suites(c);
        return listed.is_array() && !listed.empty() && listed[0]["repetitions_done"] == 1;
      },
      30s);
  REQUIRE_MESSAGE(stepOneDone, c.controllerLog());
  std::this_thread::sleep_for(1s);
  c.stopController(SIGKILL);
  const std::int64_t suiteId = listed[0]["suite_id"].get<std::int64_t>();

  c.startController(port);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready", 20s), c.controllerLog());
  listed = suites(c);
  REQUIRE(listed.is_array());
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["suite_id"] == suiteId);
  CHECK(listed[0]["name"] == "resume-me");
  CHECK(listed[0]["status"] == "interrupted");
  CHECK(listed[0]["steps_done"] == 1);
  CHECK(listed[0]["steps_total"] == 3);
  CHECK(listed[0]["repetitions_done"] == 1);

  // Another suite file is refused, naming both suites.
  const auto other =
      writeFile(c.dir() / "other.yaml", std::string(kSuite).replace(6, 9, "different"));
  auto refused = c.cli({"run", other.string(), "--resume", std::to_string(suiteId)}, 20s);
  CHECK(refused.exitCode != 0);
  CHECK(refused.err.find("suite 'different'") != std::string::npos);
  CHECK(refused.err.find("suite 'resume-me'") != std::string::npos);

  // The stored suite continues (the same file would do too).
  auto resumed =
      c.cli({"run", suiteFile.string(), "--resume", std::to_string(suiteId), "--json"}, 60s);
  REQUIRE_MESSAGE(resumed.exitCode == 0, std::string(resumed.err + c.controllerLog()));
  auto summary = nlohmann::json::parse(resumed.out);
  CHECK(summary["suite_id"] == suiteId);
  CHECK(summary["status"] == "succeeded");
  std::map<std::string, int> perStep;
  std::map<std::string, std::int64_t> runOfStep;
  for (const auto& r : summary["runs"]) {
    CHECK(r["repetition"] == 1);
    CHECK(r["status"] == "succeeded");
    CHECK(r["run"]["status"] == "succeeded");
    CHECK(r["run"]["results"].size() == 2);
    ++perStep[r["step"].get<std::string>()];
    runOfStep[r["step"].get<std::string>()] = r["run_id"].get<std::int64_t>();
  }
  CHECK(perStep == std::map<std::string, int>{{"first", 1}, {"slow", 1}, {"last", 1}});
  CHECK(summary["steps"].size() == 3);

  // In the store: step "slow" has the interrupted run and the one that counts; first and last
  // have one run each.
  auto results = c.cli({"results", "--limit", "20", "--json"}, 20s);
  REQUIRE(results.exitCode == 0);
  std::map<std::string, std::vector<std::string>> statusesOfStep;
  for (const auto& run : nlohmann::json::parse(results.out)) {
    const auto& labels = run["labels"];
    if (labels.value("suite", "") != "resume-me") continue;
    statusesOfStep[labels.value("step", "")].push_back(run["status"].get<std::string>());
    if (run["status"] == "interrupted") {
      CHECK(run["run_id"] != runOfStep["slow"]);
      CHECK(labels["step"] == "slow");
    }
  }
  CHECK(statusesOfStep["first"] == std::vector<std::string>{"succeeded"});
  CHECK(statusesOfStep["last"] == std::vector<std::string>{"succeeded"});
  CHECK(statusesOfStep["slow"].size() == 2);

  listed = suites(c);
  REQUIRE(listed.is_array());
  CHECK(listed[0]["status"] == "succeeded");
  CHECK(listed[0]["steps_done"] == 3);
  CHECK(listed[0]["repetitions_done"] == 3);

  // A suite that succeeded is not resumed.
  auto again = c.cli({"run", "--resume", std::to_string(suiteId)}, 20s);
  CHECK(again.exitCode != 0);
  CHECK(again.err.find("already succeeded") != std::string::npos);

  // The first client gave up on its silent controller (after 15 s without a word). The suite id
  // was printed when the suite started, with how to resume it.
  auto killed = first.get();
  CHECK(killed.exitCode != 0);
  CHECK(killed.err.find("suite run " + std::to_string(suiteId) + ": resume-me") !=
        std::string::npos);
  CHECK(killed.err.find("clusterbench run --resume " + std::to_string(suiteId)) !=
        std::string::npos);
}
