// stress-ng cpu/vm/hdd: argv/invocation builders and the --yaml parser on files written by
// stress-ng 0.15.06 here (tests/data/stress-ng/*.yaml; commands in tests/data/README.md).
#include <doctest/doctest.h>

#include "bench/stress_ng.hpp"
#include "bench/stress_ng_yaml.hpp"
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

TEST_CASE("stress-ng-cpu parses the YAML metrics of a 1-worker cpu run") {
  StressNg b(StressNgStressor::kCpu);
  auto s = b.parse(fixture("stress-ng/cpu_1.yaml"), {{"workers", "1"}, {"time", "1"}});
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->size() == 8);
  CHECK(value(*s, "bogo_ops", "cpu") == doctest::Approx(787));
  CHECK(value(*s, "bogo_ops_per_second_real", "cpu") == doctest::Approx(786.256541));
  CHECK(value(*s, "bogo_ops_per_second_usr_sys", "cpu") == doctest::Approx(1290.701374));
  CHECK(value(*s, "real_time", "cpu") == doctest::Approx(1.000946));
  CHECK(value(*s, "usr_time", "cpu") == doctest::Approx(0.609746));
  CHECK(value(*s, "sys_time", "cpu") == doctest::Approx(0.0));
  CHECK(value(*s, "cpu_usage_per_instance", "cpu") == doctest::Approx(60.916999));
  CHECK(value(*s, "max_rss", "cpu") == doctest::Approx(6348));
  CHECK(sample(*s, "bogo_ops", "cpu").unit == "bogo ops");
  CHECK(sample(*s, "bogo_ops_per_second_real", "cpu").unit == "bogo ops/s");
  CHECK(sample(*s, "usr_time", "cpu").unit == "s");
  CHECK(sample(*s, "max_rss", "cpu").unit == "KiB");
  // The time is not a label; the worker count is.
  CHECK(sample(*s, "bogo_ops", "cpu").labels == Labels{{"stressor", "cpu"}, {"workers", "1"}});
}

TEST_CASE("stress-ng-vm parses the seed-sized vm run (2 workers, 512 MiB each)") {
  StressNg b(StressNgStressor::kVm);
  auto p = cb::bench::validateParams(b.params(), {{"time", "2"}});
  REQUIRE(p);
  auto s = b.parse(fixture("stress-ng/vm_2_512m.yaml"), *p);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(value(*s, "bogo_ops", "vm") == doctest::Approx(2048));
  CHECK(value(*s, "bogo_ops_per_second_real", "vm") == doctest::Approx(834.865025));
  CHECK(value(*s, "bogo_ops_per_second_usr_sys", "vm") == doctest::Approx(1430.934027));
  CHECK(value(*s, "real_time", "vm") == doctest::Approx(2.453091));
  CHECK(value(*s, "usr_time", "vm") == doctest::Approx(0.772648));
  CHECK(value(*s, "sys_time", "vm") == doctest::Approx(0.658585));
  CHECK(value(*s, "max_rss", "vm") == doctest::Approx(264072));
  CHECK(sample(*s, "bogo_ops", "vm").labels ==
        Labels{{"stressor", "vm"}, {"workers", "2"}, {"vm-bytes", "512"}});
}

TEST_CASE("stress-ng-hdd parses bogo ops and the MB/s rates of an hdd run") {
  StressNg b(StressNgStressor::kHdd);
  auto s = b.parse(fixture("stress-ng/hdd_1_w10.yaml"),
                   {{"workers", "1"}, {"hdd-write-size", "10"}, {"hdd-bytes", "16"}});
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->size() == 11);
  CHECK(value(*s, "bogo_ops", "hdd") == doctest::Approx(744539));
  CHECK(value(*s, "bogo_ops_per_second_real", "hdd") == doctest::Approx(733923.083849));
  CHECK(value(*s, "bogo_ops_per_second_usr_sys", "hdd") == doctest::Approx(1123049.284876));
  CHECK(value(*s, "real_time", "hdd") == doctest::Approx(1.014465));
  CHECK(value(*s, "usr_time", "hdd") == doctest::Approx(0.253984));
  CHECK(value(*s, "sys_time", "hdd") == doctest::Approx(0.408978));
  CHECK(value(*s, "read_rate", "hdd") == doctest::Approx(0.0));
  CHECK(value(*s, "write_rate", "hdd") == doctest::Approx(7.747619));
  CHECK(value(*s, "readwrite_rate", "hdd") == doctest::Approx(7.747619));
  CHECK(sample(*s, "write_rate", "hdd").unit == "MB/s");
  CHECK(
      sample(*s, "write_rate", "hdd").labels ==
      Labels{{"stressor", "hdd"}, {"workers", "1"}, {"hdd-bytes", "16"}, {"hdd-write-size", "10"}});
  auto big = b.parse(fixture("stress-ng/hdd_2_64k.yaml"), {});
  REQUIRE_MESSAGE(big, big.error());
  CHECK(value(*big, "bogo_ops", "hdd") == doctest::Approx(25551));
  CHECK(value(*big, "read_rate", "hdd") == doctest::Approx(2409.134145));
  CHECK(value(*big, "readwrite_rate", "hdd") == doctest::Approx(1601.805002));
}

TEST_CASE("a multi-stressor YAML yields every stressor; each benchmark labels only its own") {
  const auto yaml = fixture("stress-ng/multi_cpu_vm_hdd.yaml");
  auto all = cb::bench::parseStressNgYaml(yaml);
  REQUIRE_MESSAGE(all, all.error());
  CHECK(all->size() == 8 + 8 + 11);
  CHECK(all->front().labels.at("stressor") == "cpu");
  CHECK(all->back().labels.at("stressor") == "hdd");
  CHECK(value(*all, "bogo_ops", "cpu") == doctest::Approx(416));
  CHECK(value(*all, "bogo_ops", "vm") == doctest::Approx(6606));
  CHECK(value(*all, "bogo_ops", "hdd") == doctest::Approx(7270));
  CHECK(value(*all, "bogo_ops_per_second_real", "vm") == doctest::Approx(3270.613989));
  CHECK(value(*all, "bogo_ops_per_second_usr_sys", "hdd") == doctest::Approx(18684.190913));
  CHECK(value(*all, "write_rate", "hdd") == doctest::Approx(681.476486));
  CHECK(cb::bench::stressNgYamlStressors(yaml) == std::vector<std::string>{"cpu", "vm", "hdd"});

  StressNg vm(StressNgStressor::kVm);
  auto s = vm.parse(yaml, {{"workers", "1"}, {"vm-bytes", "64"}});
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->size() == all->size());
  CHECK(sample(*s, "bogo_ops", "vm").labels.at("vm-bytes") == "64");
  CHECK(sample(*s, "bogo_ops", "cpu").labels == Labels{{"stressor", "cpu"}});
}

TEST_CASE("stress-ng parses every captured file with consistent figures") {
  const char* const files[] = {"cpu_1.yaml",           "cpu_2.yaml",     "vm_1_64m.yaml",
                               "vm_2_512m.yaml",       "hdd_1_w10.yaml", "hdd_2_64k.yaml",
                               "multi_cpu_vm_hdd.yaml"};
  for (const char* name : files) {
    CAPTURE(name);
    const auto yaml = fixture(std::string("stress-ng/") + name);
    auto s = cb::bench::parseStressNgYaml(yaml);
    REQUIRE_MESSAGE(s, s.error());
    for (const auto& stressor : cb::bench::stressNgYamlStressors(yaml)) {
      CHECK(value(*s, "bogo_ops", stressor) > 0);
      CHECK(value(*s, "bogo_ops_per_second_usr_sys", stressor) >=
            value(*s, "bogo_ops_per_second_real", stressor));
      CHECK(value(*s, "real_time", stressor) >= 1.0);
    }
  }
}

TEST_CASE("stress-ng rejects truncated, foreign or mismatched output, naming what is missing") {
  StressNg cpu(StressNgStressor::kCpu);
  const auto full = fixture("stress-ng/cpu_1.yaml");

  auto noMetrics = cpu.parse(full.substr(0, full.find("metrics:")), {});
  REQUIRE_FALSE(noMetrics);
  CHECK(noMetrics.error().find("'metrics' section") != std::string::npos);

  auto cut = cpu.parse(full.substr(0, full.find("      wall-clock-time:")), {});
  REQUIRE_FALSE(cut);
  CHECK(cut.error().find("stressor 'cpu'") != std::string::npos);
  CHECK(cut.error().find("'wall-clock-time'") != std::string::npos);

  auto text = cpu.parse(fixture("sysbench_cpu_t2.txt"), {});
  REQUIRE_FALSE(text);
  CHECK(text.error().find("stress-ng") != std::string::npos);

  auto broken = cpu.parse("metrics: [\n  - stressor: cpu\n", {});
  REQUIRE_FALSE(broken);
  CHECK(broken.error().find("not valid YAML") != std::string::npos);

  auto notNumber = cpu.parse("metrics:\n  - stressor: cpu\n    bogo-ops: many\n", {});
  REQUIRE_FALSE(notNumber);
  CHECK(notNumber.error().find("'bogo-ops' is not a number") != std::string::npos);

  auto empty = cpu.parse("metrics: []\n", {});
  REQUIRE_FALSE(empty);
  CHECK(empty.error().find("lists no stressor") != std::string::npos);

  StressNg hdd(StressNgStressor::kHdd);
  auto other = hdd.parse(full, {});
  REQUIRE_FALSE(other);
  CHECK(other.error().find("no metrics for stressor 'hdd' (listed: cpu)") != std::string::npos);
}

TEST_CASE("stress-ng benchmarks recognize only files listing their own stressor") {
  StressNg cpu(StressNgStressor::kCpu);
  StressNg vm(StressNgStressor::kVm);
  StressNg hdd(StressNgStressor::kHdd);
  for (const char* name : {"cpu_1.yaml", "cpu_2.yaml"}) {
    auto yaml = fixture(std::string("stress-ng/") + name);
    CHECK(cpu.recognizes(yaml));
    CHECK_FALSE(vm.recognizes(yaml));
    CHECK_FALSE(hdd.recognizes(yaml));
  }
  for (const char* name : {"vm_1_64m.yaml", "vm_2_512m.yaml"}) {
    auto yaml = fixture(std::string("stress-ng/") + name);
    CHECK_FALSE(cpu.recognizes(yaml));
    CHECK(vm.recognizes(yaml));
    CHECK_FALSE(hdd.recognizes(yaml));
  }
  for (const char* name : {"hdd_1_w10.yaml", "hdd_2_64k.yaml"}) {
    auto yaml = fixture(std::string("stress-ng/") + name);
    CHECK_FALSE(cpu.recognizes(yaml));
    CHECK_FALSE(vm.recognizes(yaml));
    CHECK(hdd.recognizes(yaml));
  }
  // A run none of them produces (three stressors at once) is left to an explicit --tool.
  auto multi = fixture("stress-ng/multi_cpu_vm_hdd.yaml");
  CHECK_FALSE(cpu.recognizes(multi));
  CHECK_FALSE(vm.recognizes(multi));
  CHECK_FALSE(hdd.recognizes(multi));
  for (const char* name : {"sysbench_cpu_t2.txt", "sysbench_cpu_t1_p20000.txt",
                           "sysbench/memory_write_seq_t1.txt", "sysbench/fileio_rndrw_t2.txt"}) {
    CAPTURE(name);
    auto text = fixture(name);
    CHECK_FALSE(cpu.recognizes(text));
    CHECK_FALSE(vm.recognizes(text));
    CHECK_FALSE(hdd.recognizes(text));
  }
}

TEST_CASE("stress-ng builds the seed's command lines from validated parameters") {
  StressNg cpu(StressNgStressor::kCpu);
  StressNg vm(StressNgStressor::kVm);
  StressNg hdd(StressNgStressor::kHdd);
  CHECK(cpu.name() == "stress-ng-cpu");
  CHECK(vm.name() == "stress-ng-vm");
  CHECK(hdd.name() == "stress-ng-hdd");

  // Seed: stress-ng --cpu 2 --timeout 60s --metrics-brief --temp-path $TMP_DIR
  auto pc = cb::bench::validateParams(cpu.params(), {});
  REQUIRE(pc);
  CHECK(cpu.build(*pc) == std::vector<std::string>{"stress-ng", "--cpu", "2", "--timeout", "60s",
                                                   "--metrics-brief", "--temp-path", ".", "--yaml",
                                                   "stress-ng.yaml"});
  // Seed: stress-ng --vm 2 --vm-bytes 512M --timeout 60s --metrics-brief ...
  auto pv = cb::bench::validateParams(vm.params(), {});
  REQUIRE(pv);
  CHECK(vm.build(*pv) == std::vector<std::string>{"stress-ng", "--vm", "2", "--vm-bytes", "512M",
                                                  "--timeout", "60s", "--metrics-brief",
                                                  "--temp-path", ".", "--yaml", "stress-ng.yaml"});
  // Seed: stress-ng --hdd 2 --hdd-write-size 10 --timeout 60s --metrics-brief ...
  auto ph = cb::bench::validateParams(
      hdd.params(),
      {{"workers", "1"}, {"hdd-bytes", "16"}, {"hdd-write-size", "65536"}, {"time", "2"}});
  REQUIRE(ph);
  CHECK(hdd.build(*ph) == std::vector<std::string>{"stress-ng", "--hdd", "1", "--hdd-bytes", "16M",
                                                   "--hdd-write-size", "65536", "--timeout", "2s",
                                                   "--metrics-brief", "--temp-path", ".", "--yaml",
                                                   "stress-ng.yaml"});
  auto phd = cb::bench::validateParams(hdd.params(), {});
  REQUIRE(phd);
  CHECK(phd->at("hdd-write-size") == "10");
  CHECK(phd->at("hdd-bytes") == "1024");

  auto inv = hdd.invocation(*ph);
  REQUIRE(inv.steps.size() == 1);
  CHECK(inv.steps[0].argv == hdd.build(*ph));
  CHECK(inv.outputFile == "stress-ng.yaml");
  CHECK(inv.files.empty());
  CHECK_FALSE(inv.needsRoot);
}

TEST_CASE("stress-ng rejects bad parameters") {
  StressNg cpu(StressNgStressor::kCpu);
  StressNg vm(StressNgStressor::kVm);
  StressNg hdd(StressNgStressor::kHdd);
  auto size = cb::bench::validateParams(vm.params(), {{"vm-bytes", "512M"}});
  REQUIRE_FALSE(size);
  CHECK(size.error().find("'vm-bytes'") != std::string::npos);
  CHECK(size.error().find("is not an integer") != std::string::npos);
  // Options belong to their own stressor.
  auto foreign = cb::bench::validateParams(cpu.params(), {{"vm-bytes", "512"}});
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().find("unknown parameter 'vm-bytes'") != std::string::npos);
  CHECK_FALSE(cb::bench::validateParams(vm.params(), {{"hdd-write-size", "10"}}));
  CHECK_FALSE(cb::bench::validateParams(hdd.params(), {{"hdd-write-size", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(hdd.params(), {{"hdd-write-size", "4194305"}}));
  CHECK_FALSE(cb::bench::validateParams(cpu.params(), {{"time", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(cpu.params(), {{"workers", "-1"}}));
  CHECK_FALSE(cb::bench::validateParams(cpu.params(), {{"workers", "2 --vm 64"}}));
}
