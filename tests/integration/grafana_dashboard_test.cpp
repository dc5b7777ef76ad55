// docker/grafana/dashboards/clusterbench.json against the real controller: every PromQL
// expression of the dashboard (panels and template variables) names only series a running
// controller exports — taken from a real scrape after an agent sent node metrics and a one-step
// suite ran — and every expression parses (`promtool check rules`). While the suite runs, the
// run progress series show it.
#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <set>
#include <sstream>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/http.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const fs::path kDashboard = fs::path(CB_TEST_DATA) / ".." / ".." / "docker" / "grafana" /
                            "dashboards" / "clusterbench.json";

/// Names of every sample line of a text exposition.
std::set<std::string> exportedNames(const std::string& text) {
  std::set<std::string> names;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find_first_of("{ ")));
  }
  return names;
}

bool isIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool isIdent(char c) {
  return isIdentStart(c) || std::isdigit(static_cast<unsigned char>(c));
}

/// Metric names a PromQL expression selects: identifiers outside strings, label matchers,
/// range/offset brackets and label lists of by/without/on/ignoring/group_*, that are neither
/// function calls, keywords, numbers nor Grafana variables ($name).
std::set<std::string> selectedNames(const std::string& expr) {
  // Operators and aggregations (these may precede "by (...)" instead of their parentheses).
  static const std::set<std::string> kKeywords{
      "and",    "or",    "unless", "bool",    "offset",   "inf",         "nan",
      "atan2",  "sum",   "min",    "max",     "avg",      "group",       "stddev",
      "stdvar", "count", "topk",   "bottomk", "quantile", "count_values"};
  static const std::set<std::string> kLabelLists{"by",       "without",    "on",
                                                 "ignoring", "group_left", "group_right"};
  std::set<std::string> out;
  std::size_t i = 0;
  bool labelList = false;  // the next (...) holds label names
  while (i < expr.size()) {
    const char c = expr[i];
    if (c == '"' || c == '\'' || c == '`') {
      for (++i; i < expr.size() && expr[i] != c; ++i) {
        if (expr[i] == '\\') ++i;
      }
      ++i;
    } else if (c == '{' || c == '[' || (c == '(' && labelList)) {
      const char close = c == '{' ? '}' : c == '[' ? ']' : ')';
      // Label matchers, durations and label lists hold no metric names (strings inside are
      // skipped by the same rule as above).
      for (++i; i < expr.size() && expr[i] != close; ++i) {
        if (expr[i] == '"') {
          for (++i; i < expr.size() && expr[i] != '"'; ++i) {
            if (expr[i] == '\\') ++i;
          }
        }
      }
      ++i;
      labelList = false;
    } else if (c == '$') {
      for (++i; i < expr.size() && isIdent(expr[i]); ++i) {
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      while (i < expr.size() && (isIdent(expr[i]) || expr[i] == '.')) ++i;
    } else if (isIdentStart(c)) {
      const std::size_t start = i;
      while (i < expr.size() && isIdent(expr[i])) ++i;
      const std::string word = expr.substr(start, i - start);
      std::size_t next = i;
      while (next < expr.size() && expr[next] == ' ') ++next;
      const bool call = next < expr.size() && expr[next] == '(';
      if (kLabelLists.count(word)) {
        labelList = true;
      } else if (!call && !kKeywords.count(word)) {
        out.insert(word);
      }
    } else {
      ++i;
    }
  }
  return out;
}

/// Value of the first sample line that starts with prefix.
std::optional<double> lineValue(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return std::nullopt;
}

/// The expression as Prometheus would receive it from Grafana (variables substituted).
std::string substituteVariables(std::string expr) {
  const std::pair<std::string, std::string> vars[] = {
      {"$__rate_interval", "1m"}, {"$__interval", "15s"}, {"$__range", "1h"}, {"$node", ".*"}};
  for (const auto& [name, value] : vars) {
    for (auto at = expr.find(name); at != std::string::npos; at = expr.find(name, at)) {
      expr.replace(at, name.size(), value);
    }
  }
  return expr;
}

struct Query {
  std::string where;  // panel title or variable name
  std::string expr;
};

/// Every PromQL expression of the dashboard: panel targets (rows included) and the metric
/// selector of label_values(...) variables.
std::vector<Query> dashboardQueries(const nlohmann::json& dash) {
  std::vector<Query> out;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& panels) {
    for (const auto& p : panels) {
      for (const auto& t : p.value("targets", nlohmann::json::array())) {
        out.push_back({p.value("title", ""), t.value("expr", "")});
      }
      walk(p.value("panels", nlohmann::json::array()));
    }
  };
  walk(dash.at("panels"));
  for (const auto& v : dash.at("templating").at("list")) {
    if (v.value("type", "") != "query") continue;
    const auto& q = v.at("query");
    std::string text = q.is_object() ? q.value("query", "") : q.get<std::string>();
    const std::string fn = "label_values(";
    REQUIRE_MESSAGE(text.rfind(fn, 0) == 0, "variable " << v["name"] << ": " << text);
    out.push_back({"$" + v.value("name", ""), text.substr(fn.size(), text.find(',') - fn.size())});
  }
  return out;
}

}  // namespace

TEST_CASE("selectedNames finds metric names only") {
  CHECK(
      selectedNames(
          R"(sum by (node, mode) (rate(a_total{node=~"$node", mode!="idle"}[$__rate_interval])))") ==
      std::set<std::string>{"a_total"});
  CHECK(selectedNames("b / c offset 5m and on (x) d") == std::set<std::string>{"b", "c", "d"});
  CHECK(selectedNames(R"x(1 - e{x="by (y)"} * 8 == bool 1e3)x") == std::set<std::string>{"e"});
  CHECK(selectedNames("up").count("up") == 1);
  CHECK(selectedNames("-sum without (a) (f) / count(g)") == std::set<std::string>{"f", "g"});
}

TEST_CASE("the Grafana dashboard queries only series the controller exports") {
  const auto dash = nlohmann::json::parse(*cb::os::readFile(kDashboard));
  const auto queries = dashboardQueries(dash);
  REQUIRE(queries.size() >= 10);

  cb::test::LocalCluster c;
  c.startAgent(0);
  REQUIRE(c.waitForNodes(1, "ready"));
  const fs::path suite = c.dir() / "dash.yaml";
  std::ofstream(suite) << "name: dash-check\n"
                          "description: one quick step\n"
                          "defaults: {repetitions: 1, timeout: 60, nodes: all, mode: parallel}\n"
                          "steps:\n"
                          "  - name: cpu\n"
                          "    benchmark: sysbench-cpu\n"
                          "    params: {cpu-max-prime: 2000, threads: 1, time: 2}\n";
  auto info = nlohmann::json::parse(*cb::os::readFile(c.stateDir() / "controller.json"));
  const std::string url = info["metrics_url"];

  auto run = std::async(std::launch::async, [&] { return c.cli({"run", suite.string()}); });
  // While the step runs, /metrics says so.
  const bool sawProgress = cb::test::waitFor(
      [&] {
        const std::string t = cb::test::httpGet(url);
        return lineValue(t, R"(clusterbench_suite_step_running{step="cpu",suite="dash-check"})") ==
                   1.0 &&
               lineValue(t, R"(clusterbench_node_tasks_running{benchmark="sysbench-cpu",)") ==
                   1.0 &&
               lineValue(t, R"(clusterbench_suite_steps_completed{suite="dash-check"})") == 0.0;
      },
      20s);
  const auto result = run.get();
  REQUIRE_MESSAGE(result.exitCode == 0, result.err);
  CHECK(sawProgress);

  const std::string text = cb::test::httpGet(url);
  INFO("scraped:\n" << text);
  CHECK(lineValue(text, R"(clusterbench_suite_steps_completed{suite="dash-check"})") == 1.0);
  CHECK(lineValue(text, R"(clusterbench_suite_running{suite="dash-check"})") == 0.0);
  CHECK(lineValue(text, R"(clusterbench_suite_step_running{step="cpu",suite="dash-check"})") ==
        0.0);
  // The task gauge follows the result within a sweep of the controller loop.
  CHECK(cb::test::waitFor(
      [&] {
        return lineValue(cb::test::httpGet(url),
                         R"(clusterbench_node_tasks_running{benchmark="sysbench-cpu",)") == 0.0;
      },
      2s));
  const auto exported = exportedNames(text);
  for (const char* needed : {"clusterbench_node_cpu_seconds_total", "clusterbench_benchmark_result",
                             "clusterbench_suite_steps", "clusterbench_node_up"}) {
    REQUIRE_MESSAGE(exported.count(needed), needed);
  }

  std::ostringstream rules;
  rules << "groups:\n  - name: dashboard\n    rules:\n";
  int n = 0;
  for (const auto& q : queries) {
    CAPTURE(q.where);
    CAPTURE(q.expr);
    const auto names = selectedNames(q.expr);
    CHECK_FALSE(names.empty());
    for (const auto& name : names) {
      CAPTURE(name);
      CHECK(exported.count(name) == 1);
    }
    nlohmann::json quoted = substituteVariables(q.expr);  // JSON strings are YAML strings
    rules << "      - record: dashboard_query_" << n++ << "\n        expr: " << quoted.dump()
          << "\n";
  }
  const fs::path rulesFile = c.dir() / "dashboard_rules.yml";
  std::ofstream(rulesFile) << rules.str();
  auto check = cb::test::run({"promtool", "check", "rules", rulesFile.string()});
  INFO("promtool: " << check.out << check.err);
  CHECK(check.exitCode == 0);
  CHECK(check.out.find("SUCCESS: " + std::to_string(n) + " rules found") != std::string::npos);
}
