// sysbench cpu: command builder and parser on outputs captured from sysbench 1.0.20 here.
#include <doctest/doctest.h>

#include "bench/catalog.hpp"
#include "bench/sysbench_cpu.hpp"
#include "os/atomic_file.hpp"

namespace {
std::string fixture(const std::string& name) {
  return *cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
}
double value(const cb::bench::Samples& s, const std::string& metric) {
  for (const auto& x : s) {
    if (x.metric == metric) return x.value;
  }
  FAIL("no metric " << metric);
  return 0;
}
}  // namespace

TEST_CASE("sysbench-cpu parses the real output (2 threads, max prime 2000)") {
  cb::bench::SysbenchCpu b;
  cb::bench::Params p{{"threads", "2"}, {"cpu-max-prime", "2000"}, {"time", "1"}};
  auto s = b.parse(fixture("sysbench_cpu_t2.txt"), p);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "events_per_second") == doctest::Approx(39303.29));
  CHECK(value(*s, "total_events") == doctest::Approx(39396));
  CHECK(value(*s, "total_time") == doctest::Approx(1.0002));
  CHECK(value(*s, "latency_avg") == doctest::Approx(0.05));
  CHECK(value(*s, "latency_p95") == doctest::Approx(0.06));
  CHECK(value(*s, "latency_max") == doctest::Approx(1.23));
  CHECK(s->front().labels.at("threads") == "2");
  CHECK(s->front().unit == "events/s");
}

TEST_CASE("sysbench-cpu parses the seed parameters' output (max prime 20000)") {
  cb::bench::SysbenchCpu b;
  auto s = b.parse(fixture("sysbench_cpu_t1_p20000.txt"), {});
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "events_per_second") > 0);
  CHECK(value(*s, "latency_p95") >= value(*s, "latency_avg"));
}

TEST_CASE("sysbench-cpu rejects output without figures") {
  cb::bench::SysbenchCpu b;
  auto s = b.parse("FATAL: Invalid value of cpu-max-prime: -5.\n", {});
  REQUIRE_FALSE(s);
  CHECK(s.error().find("events per second") != std::string::npos);
  auto truncated = fixture("sysbench_cpu_t2.txt").substr(0, 300);
  CHECK_FALSE(b.parse(truncated, {}));
}

TEST_CASE("sysbench-cpu builds argv from validated parameters") {
  cb::bench::SysbenchCpu b;
  auto p = cb::bench::validateParams(b.params(), {{"threads", "2"}});
  REQUIRE(p);
  auto argv = b.build(*p);
  CHECK(argv == std::vector<std::string>{"sysbench", "cpu", "--cpu-max-prime=20000", "--threads=2",
                                         "--time=10", "run"});
}

TEST_CASE("parameter validation names the parameter, value and what is allowed") {
  cb::bench::SysbenchCpu b;
  auto unknown = cb::bench::validateParams(b.params(), {{"prime", "5"}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().find("unknown parameter 'prime'") != std::string::npos);
  CHECK(unknown.error().find("cpu-max-prime") != std::string::npos);
  auto notInt = cb::bench::validateParams(b.params(), {{"threads", "2; rm -rf /"}});
  REQUIRE_FALSE(notInt);
  CHECK(notInt.error().find("is not an integer") != std::string::npos);
  auto range = cb::bench::validateParams(b.params(), {{"threads", "0"}});
  REQUIRE_FALSE(range);
  CHECK(range.error().find("outside [1, 1024]") != std::string::npos);
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"threads", ""}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"threads", "-1"}}));
}

TEST_CASE("the default catalog holds the benchmarks by name") {
  auto c = cb::bench::makeDefaultCatalog();
  CHECK(c.find("sysbench-cpu") != nullptr);
  CHECK(c.find("noop") != nullptr);
  CHECK(c.find("rm") == nullptr);
}
