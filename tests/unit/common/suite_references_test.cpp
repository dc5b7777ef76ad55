// Suite files: performance references per step (values, stored JSON, every bad value).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "spec/suite.hpp"
#include "unit/common/suite_test_support.hpp"

namespace {
using cb::spec::parseSuite;

/// The error of a one-step suite whose references start at line 6 (`lines`, list items indented
/// by six spaces).
std::string refError(const std::string& lines) {
  return cb::test::suiteInlineError(
      "name: a\nsteps:\n  - name: b\n    benchmark: noop\n"
      "    references:\n" +
      lines);
}
}  // namespace

TEST_SUITE_BEGIN("suite");

TEST_CASE("suite references: parsed in order, defaults filled, stored as JSON") {
  auto s = parseSuite(R"(name: a
steps:
  - name: cpu
    benchmark: sysbench-cpu
    references:
      - {metric: events_per_second, environment: container, value: 3000, lower: -0.10, upper: 0.10, unit: events/s}
      - {metric: events_per_second, environment: "*", value: 2500, lower: -0.2}
      - metric: latency_ms_avg
        value: 1.5e-1
        upper: 0.5
        lower: null
  - name: mem
    benchmark: sysbench-memory
)",
                      "a.yaml", cb::test::suiteCatalog());
  REQUIRE_MESSAGE(s, s.error());
  const auto& refs = s->steps[0].references;
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].metric == "events_per_second");
  CHECK(refs[0].environment == "container");
  CHECK(refs[0].value == doctest::Approx(3000));
  CHECK(refs[0].lower == doctest::Approx(-0.1));
  CHECK(refs[0].upper == doctest::Approx(0.1));
  CHECK(refs[0].unit == "events/s");
  CHECK(refs[0].line == 6);
  CHECK(refs[1].environment == "*");
  CHECK(refs[1].lower == doctest::Approx(-0.2));
  CHECK_FALSE(refs[1].upper);  // omitted: unbounded
  CHECK(refs[1].unit.empty());
  CHECK(refs[2].environment == "*");  // omitted: any environment
  CHECK(refs[2].value == doctest::Approx(0.15));
  CHECK_FALSE(refs[2].lower);  // null: unbounded
  CHECK(refs[2].line == 8);
  CHECK(s->steps[1].references.empty());

  auto json = nlohmann::json::parse(cb::spec::referencesJson(refs));
  REQUIRE(json.is_array());
  REQUIRE(json.size() == 3);
  CHECK(json[0] == nlohmann::json{{"metric", "events_per_second"},
                                  {"environment", "container"},
                                  {"value", 3000.0},
                                  {"lower", -0.1},
                                  {"upper", 0.1},
                                  {"unit", "events/s"}});
  CHECK(json[1]["upper"].is_null());
  CHECK(json[1]["unit"] == "");
  CHECK(json[2]["lower"].is_null());
  CHECK(json[2]["upper"] == 0.5);
  CHECK(cb::spec::referencesJson({}) == "[]");
}

TEST_CASE("suite references: every bad value names its field and line") {
  CHECK(refError("      {metric: x, value: 1}\n") ==
        "x.yaml:6: steps[0].references: expected a list of references, got a map");
  CHECK(refError("      - just-a-word\n") ==
        "x.yaml:6: steps[0].references[0]: expected a map of reference fields (metric, "
        "environment, value, lower, upper, unit), got 'just-a-word'");
  // An empty item has no position of its own (yaml-cpp): it is reported at the item before.
  CHECK(refError("      - {metric: x, value: 1}\n      -\n") ==
        "x.yaml:6: steps[0].references[1]: empty reference (expected metric and value)");
  CHECK(refError("      - {value: 1}\n") ==
        "x.yaml:6: steps[0].references[0].metric: missing required field");
  CHECK(refError("      - {metric: x}\n") ==
        "x.yaml:6: steps[0].references[0].value: missing required field");
  CHECK(refError("      - {metric: '', value: 1}\n") ==
        "x.yaml:6: steps[0].references[0].metric: empty metric name");
  CHECK(refError("      - {metric: [a], value: 1}\n") ==
        "x.yaml:6: steps[0].references[0].metric: expected a metric name, got a list");
  CHECK(refError("      - {metric: x, value: 1, environment: cloud}\n") ==
        "x.yaml:6: steps[0].references[0].environment: 'cloud' is not vm or container or bare "
        "or mixed or *");
  CHECK(refError("      - {metric: x, value: 1, environment: contaner}\n") ==
        "x.yaml:6: steps[0].references[0].environment: 'contaner' is not vm or container or "
        "bare or mixed or * (did you mean container?)");
  CHECK(refError("      - {metric: x, value: fast}\n") ==
        "x.yaml:6: steps[0].references[0].value: 'fast' is not a finite number");
  CHECK(refError("      - {metric: x, value: .inf}\n") ==
        "x.yaml:6: steps[0].references[0].value: '.inf' is not a finite number");
  CHECK(refError("      - {metric: x, value: 1, lower: 0.1}\n") ==
        "x.yaml:6: steps[0].references[0].lower: 0.1 is above 0 (a fraction below the value: "
        "-0.1 = 10 % below)");
  CHECK(refError("      - {metric: x, value: 1, upper: -0.1}\n") ==
        "x.yaml:6: steps[0].references[0].upper: -0.1 is below 0 (a fraction above the value: "
        "0.1 = 10 % above)");
  CHECK(refError("      - {metric: x, value: 1, lower: low}\n") ==
        "x.yaml:6: steps[0].references[0].lower: 'low' is not a finite number");
  CHECK(refError("      - {metric: x, value: 1, unit: [a]}\n") ==
        "x.yaml:6: steps[0].references[0].unit: expected a unit, got a list");
  CHECK(refError("      - {metric: x, value: 1, tolerance: 2}\n") ==
        "x.yaml:6: steps[0].references[0].tolerance: unknown field (allowed: metric, "
        "environment, value, lower, upper, unit)");
}

TEST_CASE("suite references: duplicates and several problems at once") {
  CHECK(refError("      - {metric: x, value: 1}\n      - {metric: x, value: 2, environment: "
                 "vm}\n      - {metric: x, value: 3, environment: '*'}\n") ==
        "x.yaml:8: steps[0].references[2]: duplicate reference for x in environment * (first at "
        "line 6)");
  CHECK(refError("      - metric: ''\n        lower: 1\n      - {metric: y, value: 1, upper: "
                 "-1}\n") ==
        "x.yaml:6: steps[0].references[0].metric: empty metric name\n"
        "x.yaml:6: steps[0].references[0].value: missing required field\n"
        "x.yaml:7: steps[0].references[0].lower: 1 is above 0 (a fraction below the value: -0.1 "
        "= 10 % below)\n"
        "x.yaml:8: steps[0].references[1].upper: -1 is below 0 (a fraction above the value: 0.1 "
        "= 10 % above)");
  // Reference problems are reported even when the benchmark itself is unknown.
  CHECK(cb::test::suiteInlineError("name: a\nsteps:\n  - name: b\n    benchmark: nope\n"
                                   "    references: [{metric: x}]\n")
            .find("x.yaml:5: steps[0].references[0].value: missing required field") !=
        std::string::npos);
}

TEST_SUITE_END();

TEST_CASE("references with bytes that are not UTF-8 give JSON with U+FFFD, not an exception") {
  cb::spec::PerformanceReference r;
  r.metric = "events_per_second";
  r.environment = "vm";
  r.value = 1;
  r.unit = "ev\xA0/s";
  auto json = nlohmann::json::parse(cb::spec::referencesJson({r}));
  CHECK(json[0]["unit"] == "ev\xEF\xBF\xBD/s");
}
