// The quick suite on a real 3-node netns lab: every benchmark runs on every node and every
// expected sample arrives (iperf3 across namespaces, HPCC over MPI through the agents with no
// SSH); cancel kills the whole process tree; a timeout is reported as a timeout.
#include <doctest/doctest.h>

#include <map>
#include <thread>

#include "e2e/lab_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/process.hpp"

using namespace cb::e2e;
using namespace std::chrono_literals;

namespace {

const std::string kSuites = std::string(CB_TEST_DATA) + "/../../suites";

/// Metric names of every result of every run of a step, by hostname.
std::map<std::string, std::set<std::string>> metricsOf(const nlohmann::json& summary,
                                                       const std::string& step) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& r : summary["runs"]) {
    if (r["step"] != step || !r.contains("run")) continue;
    for (const auto& res : r["run"]["results"]) {
      for (const auto& s : res["samples"]) out[res["hostname"]].insert(s["metric"]);
    }
  }
  return out;
}

bool hasSpawnedChild(const std::string& needle) {
  return !processesWith(needle).empty();
}

}  // namespace

TEST_CASE("the quick suite runs every benchmark on a 3-node lab and all samples arrive") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
  TestLab lab("cbs", 50);
  auto up = lab.cli(lab.upArgs(3));
  REQUIRE_MESSAGE(up.exitCode == 0, up.err);
  auto run = lab.cli({"run", kSuites + "/quick.yaml", "--label", "environment=bare", "--label",
                       "setup=netns-lab", "--json"},
                     std::chrono::seconds(300));
  REQUIRE_MESSAGE(run.exitCode == 0, run.err);
  auto summary = parseJson(run);
  CHECK(summary["status"] == "succeeded");

  const std::set<std::string> hosts{"master", "node02", "node03"};
  for (const char* step : {"sysbench-cpu", "sysbench-memory", "sysbench-fileio", "stress-ng-cpu",
                           "stress-ng-vm", "stress-ng-hdd", "fio"}) {
    auto m = metricsOf(summary, step);
    CHECK_MESSAGE(m.size() == 3, step);
    for (const auto& h : hosts) CHECK_MESSAGE(!m[h].empty(), step << " on " << h);
  }
  CHECK(metricsOf(summary, "sysbench-cpu")["node02"].count("events_per_second"));
  CHECK(metricsOf(summary, "stress-ng-vm")["master"].count("bogo_ops_per_second_real"));
  CHECK(metricsOf(summary, "fio")["node03"].count("iops"));

  // iperf3: each worker, upload and download, against a server on the master.
  int clients = 0;
  std::set<std::string> directions;
  for (const auto& r : summary["runs"]) {
    if (r["step"] != "iperf3" || r["benchmark"] != "iperf3-client") continue;
    ++clients;
    CHECK(r["status"] == "succeeded");
    const auto& res = r["run"]["results"][0];
    CHECK(res["hostname"] != "master");
    for (const auto& s : res["samples"]) {
      if (s["metric"] == "received_bits_per_second") CHECK(s["value"].get<double>() > 1e6);
      directions.insert(s["labels"]["direction"].get<std::string>());
    }
  }
  CHECK(clients == 4);
  CHECK(directions == std::set<std::string>{"upload", "download"});

  // HPCC over MPI across all three nodes, launched through the agents (no SSH anywhere).
  auto hpcc = metricsOf(summary, "hpcc-mpi");
  REQUIRE(hpcc.count("master"));
  CHECK(hpcc["master"].count("hpl_gflops"));
  for (const auto& r : summary["runs"]) {
    if (r["step"] != "hpcc-mpi") continue;
    for (const auto& s : r["run"]["results"][0]["samples"]) {
      if (s["metric"] == "comm_world_procs") CHECK(s["value"].get<double>() == 3);
      if (s["metric"] == "success") CHECK(s["value"].get<double>() == 1);
    }
    CHECK(r["run"]["labels"]["environment"] == "bare");
    CHECK(r["run"]["labels"]["setup"] == "netns-lab");
  }
  // The remote MPI daemons were started by the agents on the controller's say-so.
  auto ctlLog = cb::os::readFile(lab.dir() / "controller.log");
  REQUIRE(ctlLog);
  CHECK(ctlLog->find("orted on node02 for master") != std::string::npos);
  CHECK(ctlLog->find("orted on node03 for master") != std::string::npos);
  CHECK(ctlLog->find("refused an MPI launch") == std::string::npos);
}

TEST_CASE("cancel kills the whole process tree and a timeout is reported as a timeout") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
  TestLab lab("cbc", 90);
  auto up = lab.cli(lab.upArgs(2));
  REQUIRE_MESSAGE(up.exitCode == 0, up.err);

  // stress-ng forks workers: a process tree. Cancel it mid-run.
  cb::test::Daemon cli({kCli, "--state-dir", lab.dir().string(), "run", "-b", "stress-ng-cpu", "-p",
                        "workers=2", "-p", "time=120", "--json"},
                       lab.dir() / "cli.log");
  REQUIRE(cb::test::waitFor([] { return hasSpawnedChild("--metrics-brief"); }, 20s));
  auto cancel = lab.cli({"cancel", "--all", "--json"});
  CHECK_MESSAGE(cancel.exitCode == 0, cancel.err);
  REQUIRE(cb::test::waitFor([&] { return !cli.running(); }, 30s));
  CHECK(cb::test::waitFor([] { return !hasSpawnedChild("--metrics-brief"); }, 10s));
  auto log = cli.log();
  auto json = nlohmann::json::parse(log.substr(log.find('{')), nullptr, false);
  REQUIRE_FALSE(json.is_discarded());
  for (const auto& r : json["results"]) CHECK(r["status"] == "cancelled");

  auto slow = lab.cli({"run", "-b", "sysbench-cpu", "-p", "time=60", "--timeout", "2", "--json"});
  CHECK(slow.exitCode != 0);
  auto res = parseJson(slow);
  REQUIRE(res["results"].size() == 2);
  for (const auto& r : res["results"]) {
    CHECK(r["status"] == "timed_out");
    CHECK(r["message"].get<std::string>().find("timed out") != std::string::npos);
  }
  CHECK(cb::test::waitFor([] { return !hasSpawnedChild("--cpu-max-prime=20000"); }, 10s));
}
