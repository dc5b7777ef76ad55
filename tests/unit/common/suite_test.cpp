// Suite files: parsing, defaults, YAML value conversion and orchestrated phases.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "spec/suite.hpp"
#include "spec/suite_yaml.hpp"
#include "unit/common/suite_test_support.hpp"

namespace {
using cb::spec::NodeSelector;
using cb::spec::parseSuite;
const cb::bench::Catalog& catalog() {
  return cb::test::suiteCatalog();
}
std::string fixture(const std::string& n) {
  return cb::test::suiteFixture(n);
}
std::string fixtureError(const std::string& n) {
  return cb::test::suiteFixtureError(n);
}
std::string inlineError(const std::string& t) {
  return cb::test::suiteInlineError(t);
}
}  // namespace

TEST_SUITE_BEGIN("suite");

TEST_CASE("suite: a good suite parses with defaults and YAML values converted") {
  auto s = parseSuite(fixture("good.yaml"), "suites/good.yaml", catalog());
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->name == "good-suite");
  CHECK(s->description == "every field once");
  CHECK(s->file == "suites/good.yaml");
  REQUIRE(s->steps.size() == 4);

  const auto& cpu = s->steps[0];
  CHECK(cpu.name == "cpu");
  CHECK(cpu.benchmark == "sysbench-cpu");
  CHECK_FALSE(cpu.orchestrated);
  CHECK(cpu.line == 10);
  // 0x4e20 -> 20000, '2' -> 2, +10 -> 10.
  CHECK(cpu.params ==
        cb::bench::Params{{"cpu-max-prime", "20000"}, {"threads", "2"}, {"time", "10"}});
  CHECK(cpu.repetitions == 2);
  CHECK(cpu.timeoutSeconds == 120);
  CHECK(cpu.selector == NodeSelector::kWorkers);
  CHECK(cpu.nodes.empty());
  CHECK(cpu.serial);

  const auto& mem = s->steps[1];
  CHECK(mem.line == 13);
  CHECK(mem.repetitions == 5);
  CHECK(mem.timeoutSeconds == 30);
  CHECK(mem.selector == NodeSelector::kList);
  CHECK(mem.nodes == std::vector<std::string>{"node02", "192.168.0.4"});
  CHECK_FALSE(mem.serial);
  CHECK(mem.params.at("memory-total-size") == "1024");  // 0o2000
  CHECK(mem.params.at("memory-block-size") == "4K");
  CHECK(mem.params.at("memory-oper") == "write");  // default filled
  CHECK(mem.params.size() == 6);

  const auto& net = s->steps[2];
  CHECK(net.orchestrated);
  CHECK(net.benchmark == "iperf3");
  CHECK(net.params ==
        cb::bench::Params{
            {"parallel", "2"}, {"time", "5"}, {"port", "5201"}, {"directions", "both"}});
  CHECK(net.selector == NodeSelector::kMaster);
  CHECK(net.timeoutSeconds == 120);

  const auto& idle = s->steps[3];
  CHECK(idle.benchmark == "noop");
  CHECK(idle.params.empty());  // `params:` with no value is an empty map
  CHECK(idle.selector == NodeSelector::kAll);
  CHECK(idle.line == 26);
}

TEST_CASE("suite: built-in defaults when neither step nor suite sets a field") {
  auto s = parseSuite(R"(name: bare
steps:
  - {name: cpu, benchmark: sysbench-cpu}
  - {name: net, benchmark: iperf3}
  - {name: mpi, benchmark: hpcc-mpi}
)",
                      "bare.yaml", catalog());
  REQUIRE_MESSAGE(s, s.error());
  const auto& cpu = s->steps[0];
  CHECK(cpu.repetitions == 3);
  CHECK(cpu.timeoutSeconds == 300);  // SysbenchCpu::defaultTimeout()
  CHECK(cpu.selector == NodeSelector::kAll);
  CHECK_FALSE(cpu.serial);
  CHECK(cpu.params.at("threads") == "1");
  CHECK(s->steps[1].timeoutSeconds == cb::spec::phaseDefaultTimeoutSeconds("iperf3"));
  CHECK(s->steps[1].params.at("time") == "30");
  CHECK(s->steps[2].timeoutSeconds == 1800);
  CHECK(
      s->steps[2].params ==
      cb::bench::Params{{"n", "0"}, {"nb", "80"}, {"p", "0"}, {"q", "0"}, {"slots-per-node", "0"}});
  CHECK(s->description.empty());
}

TEST_CASE("suite: YAML syntax errors carry yaml-cpp's line, 1-based") {
  CHECK(fixtureError("bad_syntax.yaml") ==
        "x.yaml:6: YAML syntax error: end of map flow not found");
  CHECK(inlineError("name: a\nsteps: [\n") ==
        "x.yaml:3: YAML syntax error: end of sequence flow not found");
  CHECK(inlineError("name: a\n  steps: x\n") == "x.yaml:2: YAML syntax error: illegal map value");
}

TEST_CASE("suite: unknown benchmark names the known ones and suggests the closest") {
  auto e = fixtureError("bad_unknown_benchmark.yaml");
  CHECK(e.rfind("x.yaml:4: steps[0].benchmark: unknown benchmark 'sysbenc-cpu' (did you mean "
                "sysbench-cpu?) (known: fio, hpcc, hpcc-mpi, iozone, iperf3, ",
                0) == 0);
  CHECK(e.find("sysbench-memory") != std::string::npos);
  CHECK(e.find('\n') == std::string::npos);
  CHECK(inlineError("name: a\nsteps:\n  - {name: b, benchmark: xyzzy}\n")
            .find("unknown benchmark 'xyzzy' (known: ") != std::string::npos);
}

TEST_CASE("suite: unknown fields are rejected, with a suggestion when one is close") {
  CHECK(fixtureError("bad_unknown_field.yaml") ==
        "x.yaml:9: steps[1].repetitons: unknown field (did you mean repetitions?)");
  CHECK(inlineError("name: a\nstep: []\n") ==
        "x.yaml:1: steps: missing required field\n"
        "x.yaml:2: step: unknown field (did you mean steps?)");
  CHECK(inlineError("name: a\ndefaults: {colour: red}\nsteps: [{name: b, benchmark: noop}]\n") ==
        "x.yaml:2: defaults.colour: unknown field (allowed: repetitions, timeout, nodes, mode, "
        "adaptive)");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: sysbench-cpu\n"
                    "    params: {thread: 2}\n") ==
        "x.yaml:5: steps[0].params.thread: unknown parameter (did you mean threads?) (known: "
        "cpu-max-prime, threads, time)");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: noop\n    params: {x: 1}\n") ==
        "x.yaml:5: steps[0].params.x: unknown parameter (known: none)");
}

TEST_CASE("suite: parameter values are checked against the ParamSpecs at their line") {
  CHECK(fixtureError("bad_param_value.yaml") ==
        "x.yaml:11: steps[2].params.threads: 'lots' is not an integer");
  auto one = [](const std::string& params) {
    return inlineError(
        "name: a\nsteps:\n  - name: b\n    benchmark: sysbench-cpu\n    params: " + params + "\n");
  };
  CHECK(one("{threads: 0}") == "x.yaml:5: steps[0].params.threads: 0 is outside [1, 1024]");
  CHECK(one("{threads: -3}") == "x.yaml:5: steps[0].params.threads: -3 is outside [1, 1024]");
  CHECK(one("{threads: 1.5}") == "x.yaml:5: steps[0].params.threads: '1.5' is not an integer");
  CHECK(one("{threads: true}") == "x.yaml:5: steps[0].params.threads: 'true' is not an integer");
  // Quoted text is passed on as written: not a YAML integer.
  CHECK(one("{threads: '0x10'}") == "x.yaml:5: steps[0].params.threads: '0x10' is not an integer");
  CHECK(one("{threads: [1, 2]}") ==
        "x.yaml:5: steps[0].params.threads: expected a number or a word, got a list (a sweep is "
        "one step per value)");
  CHECK(one("{threads: }") ==
        "x.yaml:5: steps[0].params.threads: expected a number or a word, got nothing");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: sysbench-memory\n"
                    "    params:\n      memory-oper: erase\n") ==
        "x.yaml:6: steps[0].params.memory-oper: 'erase' is not one of read|write");
}

TEST_CASE("suite: YAML scalars become the text validateParams expects") {
  using cb::spec::detail::paramText;
  auto text = [](const std::string& yaml) { return paramText(YAML::Load("v: " + yaml)["v"]); };
  CHECK(text("20000") == "20000");
  CHECK(text("+7") == "7");
  CHECK(text("007") == "7");
  CHECK(text("-0") == "0");
  CHECK(text("-12") == "-12");
  CHECK(text("0x1F") == "31");
  CHECK(text("0o17") == "15");
  CHECK(text("'0x1F'") == "0x1F");
  CHECK(text("\"42\"") == "42");
  CHECK(text("4k") == "4k");
  CHECK(text("1.5") == "1.5");
  CHECK(text("99999999999999999999") == "99999999999999999999");
  CHECK(text("-0x10") == "-0x10");
}

TEST_CASE("suite: wrong types name what was expected and what was found") {
  CHECK(fixtureError("bad_wrong_types.yaml") ==
        "x.yaml:2: defaults: expected a map of step defaults (repetitions, timeout, nodes, mode, "
        "adaptive), got a list\n"
        "x.yaml:6: steps[0].params: expected a map of parameter values, got a list\n"
        "x.yaml:7: steps[1]: expected a map of step fields, got 'just-a-word'");
  CHECK(inlineError("- name: a\n") ==
        "x.yaml:1: suite: expected a map with name and steps, got a list");
  CHECK(inlineError("name: a\nsteps: {name: b}\n") ==
        "x.yaml:2: steps: expected a list of steps, got a map");
  CHECK(inlineError("name: [a]\nsteps: [{name: b, benchmark: noop}]\n") ==
        "x.yaml:1: name: expected a name, got a list");
  CHECK(inlineError("name: a\nsteps: [{name: b, benchmark: noop, repetitions: many}]\n") ==
        "x.yaml:2: steps[0].repetitions: 'many' is not an integer");
  CHECK(inlineError("name: a\nsteps: [{name: b, benchmark: noop, timeout: 86401}]\n") ==
        "x.yaml:2: steps[0].timeout: 86401 is outside [1, 86400]");
}

TEST_CASE("suite: orchestrated phases are validated with their own specs") {
  auto phases = cb::spec::orchestratedPhases();
  REQUIRE(phases.count("iperf3") == 1);
  REQUIRE(phases.count("hpcc-mpi") == 1);
  for (const auto& [name, specs] : phases) {
    auto defaults = cb::bench::validateParams(specs, {});
    CHECK_MESSAGE(defaults, name << ": " << defaults.error());
  }
  auto step = [](const std::string& benchmark, const std::string& params) {
    return inlineError("name: a\nsteps:\n  - name: b\n    benchmark: " + benchmark +
                       "\n    params: " + params + "\n");
  };
  CHECK(step("iperf3", "{time: 601}") == "x.yaml:5: steps[0].params.time: 601 is outside [1, 600]");
  CHECK(step("iperf3", "{port: 80}") ==
        "x.yaml:5: steps[0].params.port: 80 is outside [1024, 65535]");
  CHECK(step("hpcc-mpi", "{slots: 2}") ==
        "x.yaml:5: steps[0].params.slots: unknown parameter (known: n, nb, p, q, slots-per-node)");
  CHECK(step("hpcc-mpi", "{n: 2000000}") ==
        "x.yaml:5: steps[0].params.n: 2000000 is outside [0, 1000000]");

  // Phases given to the parser are looked up before the catalog.
  cb::spec::PhaseSpecs custom{{"noop", {{"k", "", "1", 1, 9, {}}}}};
  auto s =
      parseSuite("name: a\nsteps: [{name: b, benchmark: noop}]\n", "x.yaml", catalog(), custom);
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->steps[0].orchestrated);
  CHECK(s->steps[0].params.at("k") == "1");
  CHECK(s->steps[0].timeoutSeconds == 3600);
}

TEST_SUITE_END();
