// sysbench fileio: invocation builder and parser on outputs of the "run" step captured from
// sysbench 1.0.20 here (tests/data/sysbench/fileio_*.txt; commands in tests/data/README.md).
#include <doctest/doctest.h>

#include "bench/sysbench_fileio.hpp"
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
const char* const kFileioFixtures[] = {
    "sysbench/fileio_seqwr_t1.txt",       "sysbench/fileio_rndrw_t2.txt",
    "sysbench/fileio_seqrd_t1.txt",       "sysbench/fileio_rndrd_t2_direct.txt",
    "sysbench/fileio_rndwr_t1_dsync.txt",
};
const char* const kOtherFixtures[] = {
    "sysbench_cpu_t2.txt",
    "sysbench_cpu_t1_p20000.txt",
    "sysbench/memory_write_seq_t1.txt",
    "sysbench/memory_read_rnd_t1.txt",
    "stress-ng/hdd_1_w10.yaml",
    "stress-ng/multi_cpu_vm_hdd.yaml",
};
}  // namespace

TEST_CASE("sysbench-fileio parses a random read/write run on 2 threads") {
  cb::bench::SysbenchFileio b;
  cb::bench::Params p{{"threads", "2"}, {"file-test-mode", "rndrw"}, {"file-total-size", "64"}};
  auto s = b.parse(fixture("sysbench/fileio_rndrw_t2.txt"), p);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "reads_per_second") == doctest::Approx(21008.34));
  CHECK(value(*s, "writes_per_second") == doctest::Approx(14007.22));
  CHECK(value(*s, "fsyncs_per_second") == doctest::Approx(1408.40));
  CHECK(value(*s, "read_rate") == doctest::Approx(328.26));
  CHECK(value(*s, "write_rate") == doctest::Approx(218.86));
  CHECK(value(*s, "total_time") == doctest::Approx(1.0005));
  CHECK(value(*s, "total_events") == doctest::Approx(36509));
  CHECK(value(*s, "events_per_second") == doctest::Approx(36509 / 1.0005));
  CHECK(value(*s, "latency_avg") == doctest::Approx(0.05));
  CHECK(value(*s, "latency_p95") == doctest::Approx(0.01));
  CHECK(value(*s, "latency_max") == doctest::Approx(8.80));
  CHECK(sample(*s, "reads_per_second").unit == "reads/s");
  CHECK(sample(*s, "write_rate").unit == "MiB/s");
  CHECK(sample(*s, "latency_avg").unit == "ms");
  // Only bounded dimensions become labels: the file size is not one.
  CHECK(sample(*s, "read_rate").labels ==
        std::map<std::string, std::string>{{"threads", "2"}, {"file-test-mode", "rndrw"}});
}

TEST_CASE("sysbench-fileio parses a sequential write run (no reads)") {
  cb::bench::SysbenchFileio b;
  auto p = cb::bench::validateParams(b.params(), {{"file-test-mode", "seqwr"}});
  REQUIRE(p);
  auto s = b.parse(fixture("sysbench/fileio_seqwr_t1.txt"), *p);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "reads_per_second") == doctest::Approx(0.0));
  CHECK(value(*s, "writes_per_second") == doctest::Approx(6662.78));
  CHECK(value(*s, "fsyncs_per_second") == doctest::Approx(269.45));
  CHECK(value(*s, "read_rate") == doctest::Approx(0.0));
  CHECK(value(*s, "write_rate") == doctest::Approx(104.11));
  CHECK(value(*s, "total_events") == doctest::Approx(7071));
  CHECK(value(*s, "latency_avg") == doctest::Approx(0.14));
  CHECK(value(*s, "latency_p95") == doctest::Approx(0.02));
  CHECK(s->front().labels == std::map<std::string, std::string>{{"threads", "1"},
                                                                {"file-test-mode", "seqwr"},
                                                                {"file-block-size", "16384"},
                                                                {"file-extra-flags", "none"}});
}

TEST_CASE("sysbench-fileio parses every captured variant with consistent figures") {
  cb::bench::SysbenchFileio b;
  for (const char* name : kFileioFixtures) {
    CAPTURE(name);
    auto s = b.parse(fixture(name), {});
    REQUIRE_MESSAGE(s, s.error());
    CHECK(s->size() == 11);
    CHECK(value(*s, "reads_per_second") + value(*s, "writes_per_second") > 0);
    CHECK(value(*s, "events_per_second") > 0);
    CHECK(value(*s, "latency_max") >= value(*s, "latency_avg"));
  }
  auto direct = b.parse(fixture("sysbench/fileio_rndrd_t2_direct.txt"), {});
  REQUIRE(direct);
  CHECK(value(*direct, "reads_per_second") == doctest::Approx(48196.09));
  CHECK(value(*direct, "read_rate") == doctest::Approx(753.06));
  CHECK(value(*direct, "writes_per_second") == doctest::Approx(0.0));
  auto dsync = b.parse(fixture("sysbench/fileio_rndwr_t1_dsync.txt"), {});
  REQUIRE(dsync);
  CHECK(value(*dsync, "writes_per_second") == doctest::Approx(285.99));
  CHECK(value(*dsync, "latency_avg") == doctest::Approx(3.41));
  CHECK(value(*dsync, "latency_p95") == doctest::Approx(4.03));
}

TEST_CASE("sysbench-fileio rejects truncated or foreign output, naming what is missing") {
  cb::bench::SysbenchFileio b;
  auto garbage = b.parse("FATAL: Missing required argument: --file-test-mode\n", {});
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().find("reads/s:") != std::string::npos);

  const auto full = fixture("sysbench/fileio_rndrw_t2.txt");
  auto noThroughput = b.parse(full.substr(0, full.find("Throughput:")), {});
  REQUIRE_FALSE(noThroughput);
  CHECK(noThroughput.error().find("read, MiB/s:") != std::string::npos);

  auto noStats = b.parse(full.substr(0, full.find("General statistics:")), {});
  REQUIRE_FALSE(noStats);
  CHECK(noStats.error().find("total time:") != std::string::npos);

  auto noP95 = b.parse(full.substr(0, full.find("95th percentile:")), {});
  REQUIRE_FALSE(noP95);
  CHECK(noP95.error().find("95th percentile:") != std::string::npos);

  // The memory test prints no file figures.
  auto memory = b.parse(fixture("sysbench/memory_write_seq_t1.txt"), {});
  REQUIRE_FALSE(memory);
  CHECK(memory.error().find("sysbench fileio output") != std::string::npos);
}

TEST_CASE("sysbench-fileio recognizes its own outputs only") {
  cb::bench::SysbenchFileio b;
  for (const char* name : kFileioFixtures) {
    CAPTURE(name);
    CHECK(b.recognizes(fixture(name)));
  }
  for (const char* name : kOtherFixtures) {
    CAPTURE(name);
    CHECK_FALSE(b.recognizes(fixture(name)));
  }
}

TEST_CASE("sysbench-fileio invocation: prepare, run, cleanup with the same file options") {
  cb::bench::SysbenchFileio b;
  auto p = cb::bench::validateParams(b.params(), {{"file-total-size", "64"},
                                                  {"file-test-mode", "rndrd"},
                                                  {"file-num", "4"},
                                                  {"threads", "2"},
                                                  {"time", "1"},
                                                  {"file-extra-flags", "direct"}});
  REQUIRE(p);
  auto argv = [](const std::string& command) {
    return std::vector<std::string>{"sysbench",
                                    "fileio",
                                    "--file-total-size=64M",
                                    "--file-test-mode=rndrd",
                                    "--file-num=4",
                                    "--file-block-size=16384",
                                    "--threads=2",
                                    "--time=1",
                                    "--file-extra-flags=direct",
                                    command};
  };
  auto inv = b.invocation(*p);
  REQUIRE(inv.steps.size() == 3);
  CHECK(inv.steps[0].argv == argv("prepare"));
  CHECK_FALSE(inv.steps[0].output);
  CHECK_FALSE(inv.steps[0].always);
  CHECK(inv.steps[1].argv == argv("run"));
  CHECK(inv.steps[1].output);
  CHECK_FALSE(inv.steps[1].always);
  CHECK(inv.steps[2].argv == argv("cleanup"));
  CHECK_FALSE(inv.steps[2].output);
  CHECK(inv.steps[2].always);
  CHECK(inv.outputFile.empty());
  CHECK(inv.files.empty());
  CHECK_FALSE(inv.needsRoot);
  CHECK(b.build(*p) == argv("run"));

  // "none" leaves the option out; defaults are sysbench's.
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  CHECK(b.build(*defaults) ==
        std::vector<std::string>{"sysbench", "fileio", "--file-total-size=2048M",
                                 "--file-test-mode=rndrw", "--file-num=128",
                                 "--file-block-size=16384", "--threads=1", "--time=10", "run"});
}

TEST_CASE("sysbench-fileio rejects bad parameters") {
  cb::bench::SysbenchFileio b;
  auto mode = cb::bench::validateParams(b.params(), {{"file-test-mode", "randrw"}});
  REQUIRE_FALSE(mode);
  CHECK(mode.error().find("file-test-mode") != std::string::npos);
  CHECK(mode.error().find("seqwr|seqrewr|seqrd|rndrd|rndwr|rndrw") != std::string::npos);
  auto flags = cb::bench::validateParams(b.params(), {{"file-extra-flags", "direct,sync"}});
  REQUIRE_FALSE(flags);
  CHECK(flags.error().find("none|sync|dsync|direct") != std::string::npos);
  auto size = cb::bench::validateParams(b.params(), {{"file-total-size", "2G"}});
  REQUIRE_FALSE(size);
  CHECK(size.error().find("is not an integer") != std::string::npos);
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"file-num", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"file-block-size", "100"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"threads", "2000"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"file-io-mode", "async"}}));
}
