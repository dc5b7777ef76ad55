// stress-ng --metrics-brief text (bench/stress_ng_text.hpp) on outputs captured here with
// stress-ng 0.15.06 (tests/data/stress-ng/text_*.txt and the seeds' stressng_test_results.txt,
// three `mpirun -np 2 stress-ng ...` runs in one file; commands in tests/data/README.md).
#include <doctest/doctest.h>

#include "bench/stress_ng.hpp"
#include "bench/stress_ng_text.hpp"
#include "os/atomic_file.hpp"

namespace {
using cb::bench::StressNg;
using cb::bench::StressNgStressor;
using Labels = std::map<std::string, std::string>;

std::string fixture(const std::string& name) {
  auto text = cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
  REQUIRE_MESSAGE(text, name);
  return *text;
}
const cb::bench::Sample& sample(const cb::bench::Samples& s, const std::string& metric,
                                const std::string& stressor) {
  for (const auto& x : s) {
    if (x.metric == metric && x.labels.at("stressor") == stressor) return x;
  }
  FAIL("no metric " << metric << " for " << stressor);
  return s.front();
}
double value(const cb::bench::Samples& s, const std::string& metric, const std::string& stressor) {
  return sample(s, metric, stressor).value;
}
}  // namespace

TEST_CASE("stress-ng text: every stressor row of one process, with the YAML form's names") {
  auto s = cb::bench::parseStressNgText(fixture("stress-ng/text_multi_cpu_vm_hdd.txt"));
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->size() == 3 * 6 + 3);
  CHECK(value(*s, "bogo_ops", "cpu") == doctest::Approx(427));
  CHECK(value(*s, "real_time", "cpu") == doctest::Approx(1.99));
  CHECK(value(*s, "usr_time", "cpu") == doctest::Approx(0.31));
  CHECK(value(*s, "sys_time", "cpu") == doctest::Approx(0.0));
  CHECK(value(*s, "bogo_ops_per_second_real", "cpu") == doctest::Approx(214.61));
  CHECK(value(*s, "bogo_ops_per_second_usr_sys", "cpu") == doctest::Approx(1376.64));
  CHECK(value(*s, "bogo_ops", "vm") == doctest::Approx(0));
  CHECK(value(*s, "real_time", "vm") == doctest::Approx(2.69));
  CHECK(value(*s, "bogo_ops", "hdd") == doctest::Approx(7289));
  CHECK(value(*s, "bogo_ops_per_second_usr_sys", "hdd") == doctest::Approx(24997.08));
  CHECK(value(*s, "read_rate", "hdd") == doctest::Approx(1051.46));
  CHECK(value(*s, "write_rate", "hdd") == doctest::Approx(448.64));
  CHECK(value(*s, "readwrite_rate", "hdd") == doctest::Approx(624.76));
  CHECK(sample(*s, "bogo_ops", "cpu").unit == "bogo ops");
  CHECK(sample(*s, "usr_time", "vm").unit == "s");
  CHECK(sample(*s, "bogo_ops_per_second_real", "hdd").unit == "bogo ops/s");
  CHECK(sample(*s, "write_rate", "hdd").unit == "MB/s");
  CHECK(sample(*s, "bogo_ops", "cpu").labels == Labels{{"stressor", "cpu"}});
}

TEST_CASE("stress-ng text: the processes of an mpirun file are split by pid, in order") {
  const auto text = fixture("seed_results/stressng_test_results.txt");
  auto reports = cb::bench::splitStressNgText(text);
  REQUIRE_MESSAGE(reports, reports.error());
  REQUIRE(reports->size() == 6);
  const std::vector<std::string> pids = {"13467", "13468", "13479", "13480", "13495", "13496"};
  const std::vector<std::string> stressors = {"cpu", "cpu", "vm", "vm", "hdd", "hdd"};
  const std::vector<std::size_t> lines = {3, 5, 15, 17, 27, 29};
  for (std::size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK((*reports)[i].pid == pids[i]);
    CHECK((*reports)[i].line == lines[i]);
    CHECK((*reports)[i].stressors == std::vector<std::string>{stressors[i]});
    CHECK((*reports)[i].text.find("[" + pids[i] + "]") != std::string::npos);
  }
  // Each process's report parses on its own; the whole file is refused, not half read.
  auto second = cb::bench::parseStressNgText((*reports)[1].text);
  REQUIRE_MESSAGE(second, second.error());
  CHECK(value(*second, "bogo_ops", "cpu") == doctest::Approx(2788));
  CHECK(value(*second, "bogo_ops_per_second_real", "cpu") == doctest::Approx(929.17));
  auto hdd = cb::bench::parseStressNgText((*reports)[4].text);
  REQUIRE_MESSAGE(hdd, hdd.error());
  CHECK(value(*hdd, "bogo_ops", "hdd") == doctest::Approx(561704));
  CHECK(value(*hdd, "write_rate", "hdd") == doctest::Approx(0.92));
  CHECK(value(*hdd, "read_rate", "hdd") == doctest::Approx(0.0));
  auto whole = cb::bench::parseStressNgText(text);
  REQUIRE_FALSE(whole);
  CHECK(whole.error().find("6 processes") != std::string::npos);
}

TEST_CASE("stress-ng text: a process without a metrics table is an error naming it") {
  // The seed file cut before the first process printed its table.
  const auto text = fixture("seed_results/stressng_test_results.txt");
  const auto cut = text.substr(0, text.find("stress-ng: metrc: [13467] stressor"));
  auto reports = cb::bench::splitStressNgText(cut);
  REQUIRE_FALSE(reports);
  CHECK(reports.error().find("process 13467 (line 3) printed no metrics table") !=
        std::string::npos);
  auto parsed = cb::bench::parseStressNgText(cut);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().find("no metrics table") != std::string::npos);
  CHECK_FALSE(cb::bench::looksLikeStressNgText("hello\nstress-ng is a tool\n"));
}

TEST_CASE("stress-ng-cpu/vm/hdd recognize and parse the text form of their own stressor") {
  auto reports = cb::bench::splitStressNgText(fixture("seed_results/stressng_test_results.txt"));
  REQUIRE(reports);
  StressNg cpu(StressNgStressor::kCpu), vm(StressNgStressor::kVm), hdd(StressNgStressor::kHdd);
  CHECK(cpu.recognizes((*reports)[0].text));
  CHECK_FALSE(vm.recognizes((*reports)[0].text));
  CHECK(vm.recognizes((*reports)[2].text));
  CHECK(hdd.recognizes((*reports)[5].text));
  CHECK_FALSE(cpu.recognizes((*reports)[5].text));
  auto s = cpu.parse((*reports)[0].text, {{"workers", "2"}});
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->size() == 6);
  CHECK(value(*s, "bogo_ops", "cpu") == doctest::Approx(3429));
  CHECK(value(*s, "usr_time", "cpu") == doctest::Approx(2.00));
  CHECK(value(*s, "bogo_ops_per_second_usr_sys", "cpu") == doctest::Approx(1707.24));
  CHECK(sample(*s, "bogo_ops", "cpu").labels == Labels{{"stressor", "cpu"}, {"workers", "2"}});
  auto v = vm.parse((*reports)[3].text, {});
  REQUIRE_MESSAGE(v, v.error());
  CHECK(value(*v, "bogo_ops", "vm") == doctest::Approx(9600));
  CHECK(value(*v, "sys_time", "vm") == doctest::Approx(1.27));
  // Several stressors in one process: no single benchmark claims it; a named one reads them all.
  const auto multi = fixture("stress-ng/text_multi_cpu_vm_hdd.txt");
  CHECK_FALSE(cpu.recognizes(multi));
  CHECK_FALSE(hdd.recognizes(multi));
  auto all = hdd.parse(multi, {});
  REQUIRE_MESSAGE(all, all.error());
  CHECK(all->size() == 21);
  auto missing = vm.parse((*reports)[0].text, {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "stress-ng output has no metrics for stressor 'vm' (listed: cpu)");
}
