// Metrics: live node resources and run progress on a real exposer on 127.0.0.1:0, scraped over
// loopback. Series are looked up by their exported text, labels in exposition order (sorted).
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "metrics/metrics.hpp"
#include "support/http.hpp"
#include "unit/controller/metrics_test_support.hpp"

namespace {

/// Every sample of a scrape: "name{labels}" -> value.
using Samples = std::map<std::string, double>;

Samples scrape(const cb::metrics::Metrics& m) {
  Samples out;
  std::istringstream in(cb::test::httpGet(m.url()));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

std::optional<double> value(const Samples& s, const std::string& series) {
  auto it = s.find(series);
  if (it == s.end()) return std::nullopt;
  return it->second;
}

/// Series whose text starts with prefix, e.g. R"(name{node="a",)".
std::map<std::string, double> withPrefix(const Samples& s, const std::string& prefix) {
  std::map<std::string, double> out;
  for (auto it = s.lower_bound(prefix); it != s.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    out.insert(*it);
  }
  return out;
}

std::string dump(const Samples& s) {
  std::string out;
  for (const auto& [k, v] : s) out += k + " " + std::to_string(v) + "\n";
  return out;
}

using cb::test::sampleNodeResources;
using cb::test::startMetricsOnAnyPort;

}  // namespace

TEST_SUITE("controller/metrics") {
  TEST_CASE("metrics: node resources are exported as reported and vanish when the node is lost") {
    auto m = startMetricsOnAnyPort();
    m->setNodeState("node-a", "vm", "ready");
    m->setNodeResources("node-a", sampleNodeResources());
    Samples s = scrape(*m);
    INFO("scraped:\n" << dump(s));
    CHECK(value(s, R"(clusterbench_node_cpu_seconds_total{mode="user",node="node-a"})") == 120.5);
    CHECK(value(s, R"(clusterbench_node_cpu_seconds_total{mode="idle",node="node-a"})") == 4000.0);
    CHECK(value(s, R"(clusterbench_node_load5{node="node-a"})") == 0.75);
    CHECK(value(s, R"(clusterbench_node_memory_total_bytes{node="node-a"})") == 8589934592.0);
    CHECK(value(s, R"(clusterbench_node_memory_available_bytes{node="node-a"})") == 4294967296.0);
    CHECK(
        value(s,
              R"(clusterbench_node_network_receive_bytes_total{interface="eth0",node="node-a"})") ==
        1e9);
    CHECK(
        value(
            s,
            R"(clusterbench_node_network_transmit_packets_total{interface="lo",node="node-a"})") ==
        50.0);
    CHECK(value(s, R"(clusterbench_node_disk_written_bytes_total{device="vda",node="node-a"})") ==
          8192.0);
    CHECK(value(s, R"(clusterbench_node_disk_reads_completed_total{device="vda",node="node-a"})") ==
          1.0);

    // The counters hold the agent's cumulative values: a later report replaces them (a lower one
    // after a reboot too), and an interface that went away disappears.
    auto later = sampleNodeResources();
    later.cpu = {{"user", 2}};
    later.interfaces.pop_back();
    m->setNodeResources("node-a", later);
    s = scrape(*m);
    CHECK(withPrefix(s, "clusterbench_node_cpu_seconds_total{").size() == 1);
    CHECK(value(s, R"(clusterbench_node_cpu_seconds_total{mode="user",node="node-a"})") == 2.0);
    CHECK(withPrefix(s, "clusterbench_node_network_receive_bytes_total{").size() == 1);

    m->setNodeState("node-a", "vm", "lost");
    s = scrape(*m);
    for (const char* gone :
         {"clusterbench_node_cpu", "clusterbench_node_load", "clusterbench_node_memory",
          "clusterbench_node_network", "clusterbench_node_disk"}) {
      CAPTURE(gone);
      CHECK(withPrefix(s, gone).empty());
    }
    CHECK(value(s, R"(clusterbench_node_up{environment="vm",node="node-a"})") == 0.0);
    m->setNodeState("node-a", "vm", "ready");
    m->setNodeResources("node-a", sampleNodeResources());
    s = scrape(*m);
    CHECK(value(s, R"(clusterbench_node_load1{node="node-a"})") == 0.5);
  }

  TEST_CASE("metrics: run progress of suites and tasks per node") {
    auto m = startMetricsOnAnyPort();
    m->setSuiteProgress({"quick", {"cpu", "mem", "net"}, 0, "cpu", true});
    m->setNodeTasksRunning({{{"node-a", "sysbench-cpu"}, 1}, {{"node-b", "sysbench-cpu"}, 1}});
    Samples s = scrape(*m);
    INFO("scraped:\n" << dump(s));
    CHECK(value(s, R"(clusterbench_suite_steps{suite="quick"})") == 3.0);
    CHECK(value(s, R"(clusterbench_suite_steps_completed{suite="quick"})") == 0.0);
    CHECK(value(s, R"(clusterbench_suite_running{suite="quick"})") == 1.0);
    CHECK(value(s, R"(clusterbench_suite_step_running{step="cpu",suite="quick"})") == 1.0);
    CHECK(value(s, R"(clusterbench_suite_step_running{step="mem",suite="quick"})") == 0.0);
    CHECK(value(s, R"(clusterbench_node_tasks_running{benchmark="sysbench-cpu",node="node-b"})") ==
          1.0);

    m->setSuiteProgress({"quick", {"cpu", "mem", "net"}, 2, "net", true});
    m->setNodeTasksRunning({{{"node-a", "iperf3-server"}, 1}});
    s = scrape(*m);
    CHECK(value(s, R"(clusterbench_suite_steps_completed{suite="quick"})") == 2.0);
    CHECK(value(s, R"(clusterbench_suite_step_running{step="cpu",suite="quick"})") == 0.0);
    CHECK(value(s, R"(clusterbench_suite_step_running{step="net",suite="quick"})") == 1.0);
    // Finished tasks read 0, so a panel sees them end.
    CHECK(value(s, R"(clusterbench_node_tasks_running{benchmark="sysbench-cpu",node="node-b"})") ==
          0.0);
    CHECK(value(s, R"(clusterbench_node_tasks_running{benchmark="iperf3-server",node="node-a"})") ==
          1.0);

    // The suite ends; a later run of it with other steps leaves no stale step series.
    m->setSuiteProgress({"quick", {"cpu", "mem", "net"}, 3, "", false});
    s = scrape(*m);
    CHECK(value(s, R"(clusterbench_suite_running{suite="quick"})") == 0.0);
    CHECK(value(s, R"(clusterbench_suite_steps_completed{suite="quick"})") == 3.0);
    const auto steps = withPrefix(s, "clusterbench_suite_step_running{");
    CHECK(steps.size() == 3);
    for (const auto& [series, v] : steps) CHECK_MESSAGE(v == 0.0, series);

    m->setSuiteProgress({"quick", {"disk"}, 0, "disk", true});
    s = scrape(*m);
    const auto now = withPrefix(s, "clusterbench_suite_step_running{");
    REQUIRE(now.size() == 1);
    CHECK(value(s, R"(clusterbench_suite_step_running{step="disk",suite="quick"})") == 1.0);
    CHECK(value(s, R"(clusterbench_suite_steps{suite="quick"})") == 1.0);
  }
}
