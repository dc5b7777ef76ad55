// sysbench memory: command builder and parser on outputs captured from sysbench 1.0.20 here
// (tests/data/sysbench/memory_*.txt; commands in tests/data/README.md).
#include <doctest/doctest.h>

#include "bench/sysbench_memory.hpp"
#include "os/atomic_file.hpp"

namespace {
std::string fixture(const std::string& name) {
  auto text = cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
  REQUIRE_MESSAGE(text, name);
  return *text;
}
const cb::bench::Sample& sample(const cb::bench::Samples& s, const std::string& metric) {
  for (const auto& x : s) {
    if (x.metric == metric) return x;
  }
  FAIL("no metric " << metric);
  return s.front();
}
double value(const cb::bench::Samples& s, const std::string& metric) {
  return sample(s, metric).value;
}
const char* const kMemoryFixtures[] = {
    "sysbench/memory_write_seq_t1.txt",      "sysbench/memory_write_rnd_t2.txt",
    "sysbench/memory_read_seq_t2.txt",       "sysbench/memory_read_rnd_t1.txt",
    "sysbench/memory_write_seq_t2_256m.txt",
};
const char* const kOtherFixtures[] = {
    "sysbench_cpu_t2.txt",          "sysbench_cpu_t1_p20000.txt", "sysbench/fileio_rndrw_t2.txt",
    "sysbench/fileio_seqwr_t1.txt", "stress-ng/cpu_1.yaml",       "stress-ng/multi_cpu_vm_hdd.yaml",
};
}  // namespace

TEST_CASE("sysbench-memory parses the seed parameters' output (1K seq write, 1 thread)") {
  cb::bench::SysbenchMemory b;
  auto p = cb::bench::validateParams(b.params(), {{"time", "1"}});
  REQUIRE(p);
  auto s = b.parse(fixture("sysbench/memory_write_seq_t1.txt"), *p);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "operations_per_second") == doctest::Approx(2862734.81));
  CHECK(value(*s, "transfer_rate") == doctest::Approx(2795.64));
  CHECK(value(*s, "total_operations") == doctest::Approx(2868370));
  CHECK(value(*s, "transferred") == doctest::Approx(2801.14));
  CHECK(value(*s, "total_time") == doctest::Approx(1.0001));
  CHECK(value(*s, "total_events") == doctest::Approx(2868370));
  CHECK(value(*s, "latency_avg") == doctest::Approx(0.0));
  CHECK(value(*s, "latency_p95") == doctest::Approx(0.0));
  CHECK(value(*s, "latency_max") == doctest::Approx(4.06));
  const auto& rate = sample(*s, "transfer_rate");
  CHECK(rate.unit == "MiB/s");
  CHECK(sample(*s, "operations_per_second").unit == "ops/s");
  CHECK(sample(*s, "latency_p95").unit == "ms");
  CHECK(rate.labels == std::map<std::string, std::string>{{"threads", "1"},
                                                          {"memory-block-size", "1K"},
                                                          {"memory-oper", "write"},
                                                          {"memory-access-mode", "seq"}});
}

TEST_CASE("sysbench-memory parses a rate printed with a blank inside the parentheses") {
  // "Total operations: 1129 ( 1124.66 per second)" (1M random reads).
  cb::bench::SysbenchMemory b;
  cb::bench::Params p{{"memory-block-size", "1M"},
                      {"memory-oper", "read"},
                      {"memory-access-mode", "rnd"},
                      {"threads", "1"}};
  auto s = b.parse(fixture("sysbench/memory_read_rnd_t1.txt"), p);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "operations_per_second") == doctest::Approx(1124.66));
  CHECK(value(*s, "transfer_rate") == doctest::Approx(1124.66));
  CHECK(value(*s, "total_operations") == doctest::Approx(1129));
  CHECK(value(*s, "transferred") == doctest::Approx(1129.00));
  CHECK(value(*s, "latency_avg") == doctest::Approx(0.89));
  CHECK(value(*s, "latency_p95") == doctest::Approx(1.61));
  CHECK(value(*s, "latency_max") == doctest::Approx(11.71));
  CHECK(sample(*s, "latency_avg").labels.at("memory-access-mode") == "rnd");
}

TEST_CASE("sysbench-memory parses a run that ended on total size, 2 threads") {
  cb::bench::SysbenchMemory b;
  auto s = b.parse(fixture("sysbench/memory_write_seq_t2_256m.txt"), {{"threads", "2"}});
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "operations_per_second") == doctest::Approx(96657.03));
  CHECK(value(*s, "transfer_rate") == doctest::Approx(6041.06));
  CHECK(value(*s, "total_operations") == doctest::Approx(4096));
  CHECK(value(*s, "transferred") == doctest::Approx(256.0));
  CHECK(value(*s, "total_time") == doctest::Approx(0.0383));
  CHECK(value(*s, "latency_avg") == doctest::Approx(0.01));
  CHECK(value(*s, "latency_max") == doctest::Approx(16.05));
  CHECK(s->front().labels == std::map<std::string, std::string>{{"threads", "2"}});
}

TEST_CASE("sysbench-memory parses every captured variant with consistent figures") {
  cb::bench::SysbenchMemory b;
  for (const char* name : kMemoryFixtures) {
    CAPTURE(name);
    auto s = b.parse(fixture(name), {});
    REQUIRE_MESSAGE(s, s.error());
    CHECK(s->size() == 9);
    CHECK(value(*s, "operations_per_second") > 0);
    CHECK(value(*s, "transfer_rate") > 0);
    CHECK(value(*s, "total_operations") == value(*s, "total_events"));
    CHECK(value(*s, "latency_max") >= value(*s, "latency_p95"));
  }
}

TEST_CASE("sysbench-memory rejects truncated or foreign output, naming what is missing") {
  cb::bench::SysbenchMemory b;
  auto garbage = b.parse("FATAL: invalid value for memory-block-size\n", {});
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().find("Total operations:") != std::string::npos);

  const auto full = fixture("sysbench/memory_write_seq_t1.txt");
  auto cut = full.substr(0, full.find("MiB transferred"));
  auto noTransfer = b.parse(cut, {});
  REQUIRE_FALSE(noTransfer);
  CHECK(noTransfer.error().find("MiB transferred") != std::string::npos);

  auto noLatency = b.parse(full.substr(0, full.find("Latency (ms):")), {});
  REQUIRE_FALSE(noLatency);
  CHECK(noLatency.error().find("avg:") != std::string::npos);

  auto noP95 = b.parse(full.substr(0, full.find("95th percentile:")), {});
  REQUIRE_FALSE(noP95);
  CHECK(noP95.error().find("95th percentile:") != std::string::npos);

  auto cpu = b.parse(fixture("sysbench_cpu_t2.txt"), {});
  REQUIRE_FALSE(cpu);
  CHECK(cpu.error().find("sysbench memory output") != std::string::npos);
}

TEST_CASE("sysbench-memory recognizes its own outputs only") {
  cb::bench::SysbenchMemory b;
  for (const char* name : kMemoryFixtures) {
    CAPTURE(name);
    CHECK(b.recognizes(fixture(name)));
  }
  for (const char* name : kOtherFixtures) {
    CAPTURE(name);
    CHECK_FALSE(b.recognizes(fixture(name)));
  }
  CHECK_FALSE(b.recognizes(""));
}

TEST_CASE("sysbench-memory builds argv from validated parameters") {
  cb::bench::SysbenchMemory b;
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  // The seed's `sysbench memory run`: sysbench's own defaults, spelled out.
  CHECK(b.build(*defaults) ==
        std::vector<std::string>{"sysbench", "memory", "--memory-block-size=1K",
                                 "--memory-total-size=102400M", "--memory-oper=write",
                                 "--memory-access-mode=seq", "--threads=1", "--time=10", "run"});
  auto p = cb::bench::validateParams(b.params(), {{"memory-block-size", "4K"},
                                                  {"memory-total-size", "256"},
                                                  {"memory-oper", "read"},
                                                  {"memory-access-mode", "rnd"},
                                                  {"threads", "2"},
                                                  {"time", "1"}});
  REQUIRE(p);
  CHECK(b.build(*p) == std::vector<std::string>{"sysbench", "memory", "--memory-block-size=4K",
                                                "--memory-total-size=256M", "--memory-oper=read",
                                                "--memory-access-mode=rnd", "--threads=2",
                                                "--time=1", "run"});
  auto inv = b.invocation(*p);
  REQUIRE(inv.steps.size() == 1);
  CHECK(inv.steps[0].argv == b.build(*p));
  CHECK(inv.outputFile.empty());
  CHECK_FALSE(inv.needsRoot);
}

TEST_CASE("sysbench-memory rejects bad parameters") {
  cb::bench::SysbenchMemory b;
  auto oper = cb::bench::validateParams(b.params(), {{"memory-oper", "none"}});
  REQUIRE_FALSE(oper);
  CHECK(oper.error().find("memory-oper") != std::string::npos);
  CHECK(oper.error().find("read|write") != std::string::npos);
  auto block = cb::bench::validateParams(b.params(), {{"memory-block-size", "3K"}});
  REQUIRE_FALSE(block);
  CHECK(block.error().find("1K|2K") != std::string::npos);
  auto total = cb::bench::validateParams(b.params(), {{"memory-total-size", "100G"}});
  REQUIRE_FALSE(total);
  CHECK(total.error().find("is not an integer") != std::string::npos);
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"memory-total-size", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"memory-access-mode", "random"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"threads", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"time", "1; reboot"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"memory-scope", "local"}}));
}
