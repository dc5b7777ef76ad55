// Metrics: real exposer on 127.0.0.1:0, scraped over loopback with a blocking HTTP/1.0 client,
// and the scraped text checked by `promtool check metrics` run as a child process.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "metrics/label_bounds.hpp"
#include "metrics/metrics.hpp"
#include "support/http.hpp"
#include "unit/controller/metrics_test_support.hpp"

namespace {
using cb::test::ChildResult;
using cb::test::httpGet;
using cb::test::runWithInput;

// One sample line of the text exposition format.
struct Series {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Scrape {
  std::string text;                // the body as served
  std::vector<Series> series;      // every sample line
  std::vector<std::string> lines;  // every line, comments included
};

// Parses `name{a="x",b="y"} value` lines; comment lines are skipped. Enough for what the
// exporter emits (no timestamps).
std::vector<Series> parseExposition(const std::vector<std::string>& lines) {
  std::vector<Series> out;
  for (const auto& line : lines) {
    if (line.empty() || line[0] == '#') continue;
    Series s;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') s.name += line[i++];
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::string key;
        while (i < line.size() && line[i] != '=') key += line[i++];
        i += 2;  // ="
        std::string value;
        while (i < line.size() && line[i] != '"') {
          if (line[i] == '\\' && i + 1 < line.size()) ++i;
          value += line[i++];
        }
        ++i;  // closing quote
        if (i < line.size() && line[i] == ',') ++i;
        s.labels[key] = value;
      }
      ++i;  // }
    }
    s.value = std::stod(line.substr(line.rfind(' ') + 1));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Scrape scrape(const cb::metrics::Metrics& m) {
  Scrape s;
  s.text = httpGet(m.url());
  s.lines = splitLines(s.text);
  s.series = parseExposition(s.lines);
  return s;
}

// Value of the series with exactly these labels, if present.
std::optional<double> valueOf(const Scrape& s, const std::string& name,
                              const std::map<std::string, std::string>& labels) {
  for (const auto& series : s.series) {
    if (series.name == name && series.labels == labels) return series.value;
  }
  return std::nullopt;
}

// Series of `name` whose labels include all of `subset`.
std::vector<Series> matching(const Scrape& s, const std::string& name,
                             const std::map<std::string, std::string>& subset) {
  std::vector<Series> out;
  for (const auto& series : s.series) {
    if (series.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : subset) {
      auto it = series.labels.find(k);
      all = all && it != series.labels.end() && it->second == v;
    }
    if (all) out.push_back(series);
  }
  return out;
}

bool hasLine(const Scrape& s, const std::string& line) {
  for (const auto& l : s.lines) {
    if (l == line) return true;
  }
  return false;
}

using cb::test::sampleNodeResources;
using cb::test::startMetricsOnAnyPort;

// A controller's worth of state touching every family.
void populate(cb::metrics::Metrics& m) {
  m.setNodeState("node-a", "vm", "ready");
  m.setNodeState("node-b", "container", "busy");
  m.setHeartbeatAge("node-a", 1.5);
  m.setHeartbeatAge("node-b", 0.25);
  m.countRegistration();
  m.countRegistration();
  m.countTask("succeeded");
  m.countTask("succeeded");
  m.countTask("failed");
  m.setTasksRunning(3);
  m.recordSample("node-a", "vm", "sysbench_cpu", "events_per_second", "events/s", 1234.5);
  m.recordSample("node-b", "container", "sysbench_cpu", "latency_avg", "ms", 0.75);
  m.setNodeResources("node-a", sampleNodeResources());
  m.setNodeTasksRunning({{{"node-a", "sysbench-cpu"}, 1}});
  m.setSuiteProgress({"quick", {"cpu", "mem"}, 1, "mem", true});
}

const char* const kFamilies[][2] = {
    {"clusterbench_node_up", "gauge"},
    {"clusterbench_node_state", "gauge"},
    {"clusterbench_node_heartbeat_age_seconds", "gauge"},
    {"clusterbench_registrations_total", "counter"},
    {"clusterbench_tasks_total", "counter"},
    {"clusterbench_tasks_running", "gauge"},
    {"clusterbench_benchmark_result", "gauge"},
    {"clusterbench_build_info", "gauge"},
    {"clusterbench_node_cpu_seconds_total", "counter"},
    {"clusterbench_node_load1", "gauge"},
    {"clusterbench_node_load5", "gauge"},
    {"clusterbench_node_load15", "gauge"},
    {"clusterbench_node_memory_total_bytes", "gauge"},
    {"clusterbench_node_memory_available_bytes", "gauge"},
    {"clusterbench_node_network_receive_bytes_total", "counter"},
    {"clusterbench_node_network_transmit_bytes_total", "counter"},
    {"clusterbench_node_network_receive_packets_total", "counter"},
    {"clusterbench_node_network_transmit_packets_total", "counter"},
    {"clusterbench_node_disk_read_bytes_total", "counter"},
    {"clusterbench_node_disk_written_bytes_total", "counter"},
    {"clusterbench_node_disk_reads_completed_total", "counter"},
    {"clusterbench_node_disk_writes_completed_total", "counter"},
    {"clusterbench_node_tasks_running", "gauge"},
    {"clusterbench_suite_steps", "gauge"},
    {"clusterbench_suite_steps_completed", "gauge"},
    {"clusterbench_suite_running", "gauge"},
    {"clusterbench_suite_step_running", "gauge"},
};

}  // namespace

TEST_SUITE("controller/metrics") {
  TEST_CASE("metrics: url names the port actually bound") {
    auto m = startMetricsOnAnyPort();
    const std::string url = m->url();
    CHECK(url.rfind("http://127.0.0.1:", 0) == 0);
    CHECK(url.size() > std::string("http://127.0.0.1:/metrics").size());
    CHECK(url.find(":0/") == std::string::npos);
    CHECK(url.substr(url.size() - 8) == "/metrics");
  }

  TEST_CASE("metrics: scrape over loopback shows every family with HELP, TYPE and values") {
    auto m = startMetricsOnAnyPort();
    populate(*m);
    const Scrape s = scrape(*m);
    INFO("scraped:\n" << s.text);

    for (const auto& [name, type] : kFamilies) {
      CAPTURE(name);
      bool help = false;
      for (const auto& l : s.lines) {
        help = help || (l.rfind(std::string("# HELP ") + name + " ", 0) == 0 &&
                        l.size() > std::string("# HELP ").size() + std::string(name).size() + 1);
      }
      CHECK(help);
      CHECK(hasLine(s, std::string("# TYPE ") + name + " " + type));
    }

    CHECK(valueOf(s, "clusterbench_build_info", {{"version", "0.1.0"}}) == 1.0);
    CHECK(valueOf(s, "clusterbench_node_up", {{"node", "node-a"}, {"environment", "vm"}}) == 1.0);
    CHECK(valueOf(s, "clusterbench_node_up", {{"node", "node-b"}, {"environment", "container"}}) ==
          1.0);
    CHECK(valueOf(s, "clusterbench_node_state", {{"node", "node-a"}, {"state", "ready"}}) == 1.0);
    CHECK(valueOf(s, "clusterbench_node_state", {{"node", "node-a"}, {"state", "busy"}}) == 0.0);
    CHECK(valueOf(s, "clusterbench_node_state", {{"node", "node-a"}, {"state", "lost"}}) == 0.0);
    CHECK(valueOf(s, "clusterbench_node_state", {{"node", "node-b"}, {"state", "busy"}}) == 1.0);
    CHECK(valueOf(s, "clusterbench_node_heartbeat_age_seconds", {{"node", "node-a"}}) == 1.5);
    CHECK(valueOf(s, "clusterbench_node_heartbeat_age_seconds", {{"node", "node-b"}}) == 0.25);
    CHECK(valueOf(s, "clusterbench_registrations_total", {}) == 2.0);
    CHECK(valueOf(s, "clusterbench_tasks_total", {{"status", "succeeded"}}) == 2.0);
    CHECK(valueOf(s, "clusterbench_tasks_total", {{"status", "failed"}}) == 1.0);
    // Known statuses are exported from the start, so rate() sees their first increment.
    for (const char* status : {"timed_out", "cancelled", "refused"}) {
      CHECK(valueOf(s, "clusterbench_tasks_total", {{"status", status}}) == 0.0);
    }
    CHECK(valueOf(s, "clusterbench_tasks_running", {}) == 3.0);
    CHECK(valueOf(s, "clusterbench_benchmark_result",
                  {{"node", "node-a"},
                   {"environment", "vm"},
                   {"benchmark", "sysbench_cpu"},
                   {"metric", "events_per_second"},
                   {"unit", "events/s"}}) == 1234.5);
    CHECK(valueOf(s, "clusterbench_benchmark_result",
                  {{"node", "node-b"},
                   {"environment", "container"},
                   {"benchmark", "sysbench_cpu"},
                   {"metric", "latency_avg"},
                   {"unit", "ms"}}) == 0.75);

    // Counters keep counting and gauges take the latest value.
    m->countRegistration();
    m->setTasksRunning(0);
    m->recordSample("node-a", "vm", "sysbench_cpu", "events_per_second", "events/s", 999);
    const Scrape again = scrape(*m);
    CHECK(valueOf(again, "clusterbench_registrations_total", {}) == 3.0);
    CHECK(valueOf(again, "clusterbench_tasks_running", {}) == 0.0);
    const auto results = matching(again, "clusterbench_benchmark_result",
                                  {{"node", "node-a"}, {"metric", "events_per_second"}});
    REQUIRE(results.size() == 1);
    CHECK(results[0].value == 999.0);
  }

  TEST_CASE("metrics: a changed node state or environment leaves no stale series") {
    auto m = startMetricsOnAnyPort();
    m->setNodeState("x", "vm", "ready");
    m->recordSample("x", "vm", "sysbench_cpu", "events_per_second", "events/s", 100);
    m->setNodeState("x", "vm", "busy");
    m->setNodeState("x", "vm", "lost");

    Scrape s = scrape(*m);
    INFO("scraped:\n" << s.text);
    auto ones = [](const std::vector<Series>& series) {
      std::vector<std::string> states;
      for (const auto& one : series) {
        if (one.value == 1.0) states.push_back(one.labels.at("state"));
      }
      return states;
    };
    auto states = matching(s, "clusterbench_node_state", {{"node", "x"}});
    CHECK(states.size() == 3);
    CHECK(ones(states) == std::vector<std::string>{"lost"});
    CHECK(hasLine(s, R"(clusterbench_node_state{node="x",state="lost"} 1)"));
    CHECK(valueOf(s, "clusterbench_node_up", {{"node", "x"}, {"environment", "vm"}}) == 0.0);

    // The node comes back as a container: the vm series (up and results) are gone.
    m->setNodeState("x", "container", "ready");
    m->recordSample("x", "container", "sysbench_cpu", "events_per_second", "events/s", 200);
    s = scrape(*m);
    states = matching(s, "clusterbench_node_state", {{"node", "x"}});
    CHECK(states.size() == 3);
    CHECK(ones(states) == std::vector<std::string>{"ready"});
    CHECK(hasLine(s, R"(clusterbench_node_state{node="x",state="ready"} 1)"));
    const auto up = matching(s, "clusterbench_node_up", {{"node", "x"}});
    REQUIRE(up.size() == 1);
    CHECK(up[0].labels.at("environment") == "container");
    CHECK(up[0].value == 1.0);
    const auto results = matching(s, "clusterbench_benchmark_result", {{"node", "x"}});
    REQUIRE(results.size() == 1);
    CHECK(results[0].labels.at("environment") == "container");
    CHECK(results[0].value == 200.0);

    // An unexpected state is exported while current, then removed.
    m->setNodeState("x", "container", "draining");
    s = scrape(*m);
    CHECK(ones(matching(s, "clusterbench_node_state", {{"node", "x"}})) ==
          std::vector<std::string>{"draining"});
    m->setNodeState("x", "container", "ready");
    s = scrape(*m);
    states = matching(s, "clusterbench_node_state", {{"node", "x"}});
    CHECK(states.size() == 3);
    CHECK(ones(states) == std::vector<std::string>{"ready"});

    // A metric whose unit changes keeps a single series.
    m->recordSample("x", "container", "sysbench_cpu", "events_per_second", "events/min", 12000);
    s = scrape(*m);
    const auto changed = matching(s, "clusterbench_benchmark_result", {{"node", "x"}});
    REQUIRE(changed.size() == 1);
    CHECK(changed[0].labels.at("unit") == "events/min");
  }

  TEST_CASE("metrics: the result series a node can add are few and short") {
    auto m = startMetricsOnAnyPort();
    const cb::metrics::LabelBounds bounds;
    // A node that reports more distinct metrics than its budget: the first ones are exported.
    for (std::size_t i = 0; i < bounds.maxSeriesPerNode + 50; ++i) {
      m->recordSample("flood", "vm", "stress_ng", "m" + std::to_string(i), "ops/s", double(i));
    }
    const std::string longName(bounds.maxValueBytes + 1, 'x');
    m->recordSample("long", "vm", "stress_ng", longName, "ops/s", 1);
    m->recordSample("long", "vm", "stress_ng", "ok", longName, 2);
    m->recordSample("long", "vm", "stress_ng", "ok", "ops/s", 3);
    m->recordSample("long", "vm", "stress_ng", "ok", longName, 4);  // known series, long unit
    const Scrape s = scrape(*m);
    CHECK(matching(s, "clusterbench_benchmark_result", {{"node", "flood"}}).size() ==
          bounds.maxSeriesPerNode);
    const auto first =
        matching(s, "clusterbench_benchmark_result", {{"node", "flood"}, {"metric", "m0"}});
    REQUIRE(first.size() == 1);
    CHECK(first[0].value == 0.0);
    CHECK(matching(s, "clusterbench_benchmark_result",
                   {{"node", "flood"}, {"metric", "m" + std::to_string(bounds.maxSeriesPerNode)}})
              .empty());
    const auto kept = matching(s, "clusterbench_benchmark_result", {{"node", "long"}});
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].labels.at("unit") == "ops/s");
    CHECK(kept[0].value == 3.0);
    CHECK(s.text.find(longName) == std::string::npos);
    CHECK(valueOf(s, "clusterbench_agent_refusals_total", {{"reason", "series_limit"}}) == 50.0);
    CHECK(valueOf(s, "clusterbench_agent_refusals_total", {{"reason", "label_too_long"}}) == 3.0);
  }

  TEST_CASE("metrics: agent label bounds refuse long values before the series budget") {
    cb::metrics::LabelBounds b{4, 2};
    CHECK(cb::metrics::refuseAgentSeries(b, 0, {"abcd", "ab"}).empty());
    CHECK(cb::metrics::refuseAgentSeries(b, 0, {"abcde"}) == "label_too_long");
    CHECK(cb::metrics::refuseAgentSeries(b, 2, {"a"}) == "series_limit");
    CHECK(cb::metrics::refuseAgentSeries(b, 2, {"abcde"}) == "label_too_long");
  }

  TEST_CASE("metrics: promtool check metrics accepts the scraped text") {
    auto m = startMetricsOnAnyPort();
    populate(*m);
    m->setNodeState("node-a", "container", "lost");
    const Scrape s = scrape(*m);
    REQUIRE(!s.series.empty());

    const ChildResult promtool = runWithInput({"promtool", "check", "metrics"}, s.text);
    INFO("promtool output:\n" << promtool.output << "\nscraped:\n" << s.text);
    CHECK_MESSAGE(promtool.exitCode != 127, "promtool not found (Debian package prometheus)");
    CHECK(promtool.exitCode == 0);
    CHECK(promtool.output.empty());
  }

  TEST_CASE("metrics: start reports bad and busy addresses by name") {
    auto first = startMetricsOnAnyPort();
    const std::string url = first->url();
    const std::string hostPort = url.substr(7, url.rfind('/') - 7);  // after "http://"

    auto busy = cb::metrics::Metrics::start(hostPort);
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().find(hostPort) != std::string::npos);
    CHECK(busy.error().find("in use") != std::string::npos);  // strerror(EADDRINUSE)

    for (const std::string bad : {"no-port", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:x1"}) {
      CAPTURE(bad);
      auto r = cb::metrics::Metrics::start(bad);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().find(bad) != std::string::npos);
    }
  }
}
