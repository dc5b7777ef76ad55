// Suite files: adaptive repetitions (defaults, inheritance, every bad value with its message).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "spec/suite.hpp"
#include "spec/suite_yaml.hpp"
#include "unit/common/suite_test_support.hpp"

namespace {
using cb::spec::parseSuite;

std::string inlineError(const std::string& t) {
  return cb::test::suiteInlineError(t);
}

/// The error of a one-step suite (line 5 onwards are `stepLines`, indented as step fields).
std::string stepError(const std::string& stepLines) {
  return inlineError("name: a\nsteps:\n  - name: b\n    benchmark: noop\n" + stepLines);
}
}  // namespace

TEST_SUITE_BEGIN("suite");

TEST_CASE("suite adaptive: defaults, step overrides, true, false and built-in values") {
  auto s = parseSuite(R"(name: a
defaults:
  repetitions: 3
  adaptive: {max_rsd: 0.05, max_seconds: 120}
steps:
  - name: cpu
    benchmark: sysbench-cpu
    adaptive: {max_runs: 6, metrics: [events_per_second]}
  - name: mem
    benchmark: sysbench-memory
    adaptive: false
  - name: many
    benchmark: noop
    repetitions: 12
    adaptive: true
  - name: plain
    benchmark: noop
)",
                      "a.yaml", cb::test::suiteCatalog());
  REQUIRE_MESSAGE(s, s.error());
  REQUIRE(s->steps.size() == 4);
  const auto& cpu = s->steps[0];
  REQUIRE(cpu.adaptive);
  CHECK(cpu.repetitions == 3);
  CHECK(cpu.adaptive->maxRsd == doctest::Approx(0.05));
  CHECK(cpu.adaptive->maxRuns == 6);
  CHECK(cpu.adaptive->maxSeconds == 120);
  CHECK(cpu.adaptive->metrics == std::vector<std::string>{"events_per_second"});
  CHECK_FALSE(s->steps[1].adaptive);
  const auto& many = s->steps[2];
  REQUIRE(many.adaptive);
  CHECK(many.adaptive->maxRsd == doctest::Approx(0.05));
  CHECK(many.adaptive->maxRuns == 12);  // the built-in 10 never caps below the repetitions
  CHECK(many.adaptive->maxSeconds == 120);
  REQUIRE(s->steps[3].adaptive);  // inherited from the defaults
  CHECK(s->steps[3].adaptive->maxRuns == 10);
  CHECK(s->steps[3].adaptive->metrics.empty());  // every metric

  auto plain = parseSuite(
      "name: a\nsteps:\n  - {name: b, benchmark: noop}\n  - {name: c, benchmark: noop, "
      "adaptive: }\n",
      "a.yaml", cb::test::suiteCatalog());
  REQUIRE_MESSAGE(plain, plain.error());
  CHECK_FALSE(plain->steps[0].adaptive);  // off unless asked for
  REQUIRE(plain->steps[1].adaptive);      // `adaptive:` with nothing: on, built-in values
  CHECK(plain->steps[1].adaptive->maxRsd == doctest::Approx(0.03));
  CHECK(plain->steps[1].adaptive->maxRuns == 10);
  CHECK(plain->steps[1].adaptive->maxSeconds == 600);
  CHECK(plain->steps[1].repetitions == 3);
}

TEST_CASE("suite adaptive: every bad value names its field and line") {
  const std::string kWhat =
      "expected a map of adaptive settings (max_rsd, max_runs, max_seconds, metrics), true or "
      "false, got ";
  CHECK(stepError("    adaptive: maybe\n") == "x.yaml:5: steps[0].adaptive: " + kWhat + "'maybe'");
  CHECK(stepError("    adaptive: 'false'\n") ==
        "x.yaml:5: steps[0].adaptive: " + kWhat + "'false'");
  CHECK(stepError("    adaptive: [1]\n") == "x.yaml:5: steps[0].adaptive: " + kWhat + "a list");
  CHECK(stepError("    adaptive: {max_rsd: 0}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsd: 0 is outside (0, 1] (a fraction: 0.03 = 3 %)");
  CHECK(stepError("    adaptive: {max_rsd: 1.5}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsd: 1.5 is outside (0, 1] (a fraction: 0.03 = 3 %)");
  CHECK(stepError("    adaptive: {max_rsd: -0.1}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsd: -0.1 is outside (0, 1] (a fraction: 0.03 = 3 %)");
  CHECK(stepError("    adaptive: {max_rsd: 3%}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsd: '3%' is not a finite number");
  CHECK(stepError("    adaptive: {max_rsd: .nan}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsd: '.nan' is not a finite number");
  CHECK(stepError("    adaptive: {max_rsd: [0.1]}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsd: expected a number, got a list");
  CHECK(stepError("    adaptive: {max_runs: 0}\n") ==
        "x.yaml:5: steps[0].adaptive.max_runs: 0 is outside [1, 100]");
  CHECK(stepError("    adaptive: {max_runs: 101}\n") ==
        "x.yaml:5: steps[0].adaptive.max_runs: 101 is outside [1, 100]");
  CHECK(stepError("    adaptive: {max_runs: 2.5}\n") ==
        "x.yaml:5: steps[0].adaptive.max_runs: '2.5' is not an integer");
  CHECK(stepError("    adaptive: {max_seconds: 0}\n") ==
        "x.yaml:5: steps[0].adaptive.max_seconds: 0 is outside [1, 604800]");
  CHECK(stepError("    adaptive: {max_seconds: 604801}\n") ==
        "x.yaml:5: steps[0].adaptive.max_seconds: 604801 is outside [1, 604800]");
  CHECK(stepError("    adaptive: {max_rsds: 0.1}\n") ==
        "x.yaml:5: steps[0].adaptive.max_rsds: unknown field (did you mean max_rsd?)");
  CHECK(stepError("    adaptive: {metrics: events_per_second}\n") ==
        "x.yaml:5: steps[0].adaptive.metrics: expected a non-empty list of metric names, got "
        "'events_per_second'");
  CHECK(stepError("    adaptive: {metrics: []}\n") ==
        "x.yaml:5: steps[0].adaptive.metrics: expected a non-empty list of metric names, got an "
        "empty list");
  CHECK(stepError("    adaptive:\n      metrics:\n        - a\n        - ''\n        - [b]\n"
                  "        - a\n") ==
        "x.yaml:8: steps[0].adaptive.metrics[1]: empty metric name\n"
        "x.yaml:9: steps[0].adaptive.metrics[2]: expected a metric name, got a list\n"
        "x.yaml:10: steps[0].adaptive.metrics[3]: metric 'a' is listed twice");
  CHECK(stepError("    adaptive:\n      max_rsd: 2\n      max_runs: 0\n") ==
        "x.yaml:6: steps[0].adaptive.max_rsd: 2 is outside (0, 1] (a fraction: 0.03 = 3 %)\n"
        "x.yaml:7: steps[0].adaptive.max_runs: 0 is outside [1, 100]");
}

TEST_CASE("suite adaptive: max_runs may not be below the repetitions, wherever either is set") {
  CHECK(stepError("    repetitions: 3\n    adaptive: {max_runs: 2}\n") ==
        "x.yaml:6: steps[0].adaptive.max_runs: 2 is below the step's repetitions (3)");
  CHECK(stepError("    adaptive: {max_runs: 2}\n") ==  // built-in repetitions: 3
        "x.yaml:5: steps[0].adaptive.max_runs: 2 is below the step's repetitions (3)");
  CHECK(inlineError("name: a\ndefaults:\n  adaptive: {max_runs: 4}\nsteps:\n"
                    "  - {name: b, benchmark: noop, repetitions: 5}\n") ==
        "x.yaml:3: steps[0].adaptive.max_runs: defaults.adaptive.max_runs 4 is below the step's "
        "repetitions (5)");
  // A step's own max_runs replaces the defaults' one; `adaptive: false` needs none.
  auto s = parseSuite(
      "name: a\ndefaults:\n  adaptive: {max_runs: 4}\nsteps:\n"
      "  - {name: b, benchmark: noop, repetitions: 5, adaptive: {max_runs: 5}}\n"
      "  - {name: c, benchmark: noop, repetitions: 5, adaptive: false}\n",
      "a.yaml", cb::test::suiteCatalog());
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->steps[0].adaptive->maxRuns == 5);
  CHECK_FALSE(s->steps[1].adaptive);
}

TEST_CASE("suite adaptive: defaults' problems are reported at the defaults") {
  CHECK(inlineError("name: a\ndefaults:\n  adaptive: {max_seconds: -1}\nsteps:\n"
                    "  - {name: b, benchmark: noop}\n") ==
        "x.yaml:3: defaults.adaptive.max_seconds: -1 is outside [1, 604800]");
}

TEST_CASE("suite adaptive: parseReal reads finite decimal numbers only") {
  using cb::spec::detail::parseReal;
  CHECK(parseReal("0.03") == doctest::Approx(0.03));
  CHECK(parseReal("+2.5e3") == doctest::Approx(2500));
  CHECK(parseReal("-1") == doctest::Approx(-1));
  CHECK(parseReal(".5") == doctest::Approx(0.5));
  CHECK_FALSE(parseReal(""));
  CHECK_FALSE(parseReal("+"));
  CHECK_FALSE(parseReal("+-1"));
  CHECK_FALSE(parseReal("1e999"));
  CHECK_FALSE(parseReal("0x10"));
  CHECK_FALSE(parseReal("inf"));
  CHECK_FALSE(parseReal("1 "));
}

TEST_SUITE_END();
