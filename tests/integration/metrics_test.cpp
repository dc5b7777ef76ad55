// The real controller's /metrics after a real run: node and result series present, and the
// whole scrape passes `promtool check metrics`.
#include <doctest/doctest.h>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/http.hpp"

TEST_CASE("the controller exports node state and latest results, promtool-clean") {
  cb::test::LocalCluster c;
  c.startAgent(0);
  c.startAgent(1);
  REQUIRE(c.waitForNodes(2, "ready"));
  auto r = c.cli({"run", "-b", "sysbench-cpu", "-p", "time=1", "-p", "cpu-max-prime=2000"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);

  auto info = nlohmann::json::parse(*cb::os::readFile(c.stateDir() / "controller.json"));
  std::string text = cb::test::httpGet(info["metrics_url"]);
  CHECK(text.find("clusterbench_node_up{") != std::string::npos);
  CHECK(text.find("clusterbench_registrations_total 2") != std::string::npos);
  CHECK(text.find("clusterbench_tasks_total{status=\"succeeded\"} 2") != std::string::npos);
  CHECK(text.find("clusterbench_node_heartbeat_age_seconds{") != std::string::npos);
  auto pos = text.find("clusterbench_benchmark_result{");
  REQUIRE(pos != std::string::npos);
  auto line = text.substr(pos, text.find('\n', pos) - pos);
  CHECK(line.find("benchmark=\"sysbench-cpu\"") != std::string::npos);

  auto check = cb::test::runWithInput({"promtool", "check", "metrics"}, text);
  CHECK_MESSAGE(check.exitCode == 0, check.output);
  CHECK_MESSAGE(check.output.empty(), check.output);
}
