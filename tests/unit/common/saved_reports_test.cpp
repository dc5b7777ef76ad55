// Several reports in one saved output (bench/saved_reports.hpp) on files the seeds' scripts write,
// captured here with two processes through mpirun (tests/data/seed_results, tests/data/iozone;
// commands in tests/data/README.md).
#include <doctest/doctest.h>

#include "bench/iozone.hpp"
#include "bench/saved_reports.hpp"
#include "bench/sysbench_cpu.hpp"
#include "bench/sysbench_memory.hpp"
#include "os/atomic_file.hpp"

namespace {
std::string fixture(const std::string& name) {
  auto text = cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
  REQUIRE_MESSAGE(text, name);
  return *text;
}
double value(const cb::bench::Samples& s, const std::string& metric) {
  for (const auto& x : s) {
    if (x.metric == metric) return x.value;
  }
  FAIL("no metric " << metric);
  return 0;
}
}  // namespace

TEST_CASE("saved reports: the seeds' sysbench file gives every process's cpu and memory figures") {
  auto reports = cb::bench::splitReports(fixture("seed_results/sysbench_test_results.txt"));
  REQUIRE_MESSAGE(reports, reports.error());
  REQUIRE(reports->size() == 4);
  CHECK((*reports)[0].line == 29);
  CHECK((*reports)[1].line == 47);
  CHECK((*reports)[2].line == 99);
  CHECK((*reports)[3].line == 119);
  cb::bench::SysbenchCpu cpu;
  cb::bench::SysbenchMemory memory;
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK((*reports)[i].text.starts_with("CPU speed:"));
    CHECK(cpu.recognizes((*reports)[i].text));
    CHECK_FALSE(memory.recognizes((*reports)[i].text));
    CHECK((*reports)[i + 2].text.starts_with("Total operations:"));
    CHECK(memory.recognizes((*reports)[i + 2].text));
    CHECK_FALSE(cpu.recognizes((*reports)[i + 2].text));
  }
  auto first = cpu.parse((*reports)[0].text, {});
  REQUIRE_MESSAGE(first, first.error());
  CHECK(value(*first, "events_per_second") == doctest::Approx(1162.66));
  CHECK(value(*first, "total_events") == doctest::Approx(2329));
  CHECK(value(*first, "total_time") == doctest::Approx(2.0006));
  CHECK(value(*first, "latency_avg") == doctest::Approx(1.71));
  CHECK(value(*first, "latency_p95") == doctest::Approx(4.91));
  CHECK(value(*first, "latency_max") == doctest::Approx(31.59));
  auto second = cpu.parse((*reports)[1].text, {});
  REQUIRE_MESSAGE(second, second.error());
  CHECK(value(*second, "events_per_second") == doctest::Approx(764.23));
  CHECK(value(*second, "total_events") == doctest::Approx(1531));
  CHECK(value(*second, "latency_max") == doctest::Approx(51.43));
  auto mem1 = memory.parse((*reports)[2].text, {});
  REQUIRE_MESSAGE(mem1, mem1.error());
  CHECK(value(*mem1, "total_operations") == doctest::Approx(6875884));
  CHECK(value(*mem1, "operations_per_second") == doctest::Approx(3433591.33));
  CHECK(value(*mem1, "transferred") == doctest::Approx(6714.73));
  CHECK(value(*mem1, "transfer_rate") == doctest::Approx(3353.12));
  auto mem2 = memory.parse((*reports)[3].text, {});
  REQUIRE_MESSAGE(mem2, mem2.error());
  CHECK(value(*mem2, "total_operations") == doctest::Approx(7010769));
  CHECK(value(*mem2, "transfer_rate") == doctest::Approx(3418.77));
  CHECK(value(*mem2, "latency_max") == doctest::Approx(12.07));
}

TEST_CASE("saved reports: a sysbench run that printed no figures is an error, not a drop") {
  const auto text = fixture("seed_results/sysbench_test_results.txt");
  // The file as it stood while the second cpu process was still running.
  const auto cut = text.substr(0, text.find("CPU speed:", text.find("CPU speed:") + 1));
  auto reports = cb::bench::splitReports(cut);
  REQUIRE_FALSE(reports);
  CHECK(reports.error().find("sysbench cpu: 2 runs start (line 10 on) but 1 report") !=
        std::string::npos);
  CHECK(reports.error().find("the run at line 23") != std::string::npos);
}

TEST_CASE("saved reports: the seeds' stress-ng file gives one report per process") {
  auto reports = cb::bench::splitReports(fixture("seed_results/stressng_test_results.txt"));
  REQUIRE_MESSAGE(reports, reports.error());
  REQUIRE(reports->size() == 6);
  CHECK((*reports)[0].line == 3);
  CHECK((*reports)[5].line == 29);
  CHECK((*reports)[5].text.find("[13496] hdd") != std::string::npos);
  CHECK((*reports)[5].text.find("[13495]") == std::string::npos);
}

TEST_CASE("saved reports: the iozone Excel cut of two processes gives two reports") {
  auto reports = cb::bench::splitReports(fixture("iozone/seed_excel_np2_own_cwd.xls"));
  REQUIRE_MESSAGE(reports, reports.error());
  REQUIRE(reports->size() == 2);
  CHECK((*reports)[0].line == 1);
  CHECK((*reports)[1].line == 72);
  cb::bench::Iozone iozone;
  auto first = iozone.parse((*reports)[0].text, {});
  REQUIRE_MESSAGE(first, first.error());
  auto second = iozone.parse((*reports)[1].text, {});
  REQUIRE_MESSAGE(second, second.error());
  // 13 tables of 4 + 5 cells each.
  CHECK(first->size() == 13 * 9);
  CHECK(second->size() == 13 * 9);
  auto cell = [](const cb::bench::Samples& s, const std::string& metric, const std::string& file,
                 const std::string& record) {
    for (const auto& x : s) {
      if (x.metric == metric && x.labels.at("file_size_kb") == file &&
          x.labels.at("record_kb") == record)
        return x;
    }
    FAIL("no " << metric << " " << file << "/" << record);
    return s.front();
  };
  CHECK(cell(*first, "writer", "512", "64").value == doctest::Approx(19939));
  // The cut drops iozone's header, the only place that says -O: the unit comes from the
  // parameters then (kB/s without them).
  CHECK(cell(*first, "writer", "512", "64").unit == "kB/s");
  auto ops = iozone.parse((*reports)[0].text, {{"ops", "1"}});
  REQUIRE_MESSAGE(ops, ops.error());
  CHECK(cell(*ops, "writer", "512", "64").unit == "ops/s");
  CHECK(cell(*first, "re_fread", "1024", "1024").value == doctest::Approx(28570));
  CHECK(cell(*second, "writer", "1024", "1024").value == doctest::Approx(1019));
}

TEST_CASE("saved reports: one report is the whole output, unchanged") {
  for (const char* name : {"iozone/seed_excel_np2_shared_cwd.xls", "sysbench_cpu_t2.txt",
                           "stress-ng/text_multi_cpu_vm_hdd.txt", "stress-ng/cpu_1.yaml",
                           "seed_results/disk_io_test_results.txt"}) {
    CAPTURE(name);
    const auto text = fixture(name);
    auto reports = cb::bench::splitReports(text);
    REQUIRE_MESSAGE(reports, reports.error());
    REQUIRE(reports->size() == 1);
    CHECK((*reports)[0].line == 1);
    CHECK((*reports)[0].text == text);
  }
  auto shared = cb::bench::Iozone().parse(fixture("iozone/seed_excel_np2_shared_cwd.xls"), {});
  REQUIRE_MESSAGE(shared, shared.error());
  CHECK(shared->size() == 13 * 9);
}
