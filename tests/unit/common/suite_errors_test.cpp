// Suite files: every kind of error with its exact file:line: field.
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
std::string fixtureError(const std::string& n) {
  return cb::test::suiteFixtureError(n);
}
std::string inlineError(const std::string& t) {
  return cb::test::suiteInlineError(t);
}
}  // namespace

TEST_SUITE_BEGIN("suite");

TEST_CASE("suite: names, duplicates and missing fields") {
  CHECK(fixtureError("bad_duplicate_step.yaml") ==
        "x.yaml:7: steps[2].name: duplicate step name 'cpu' (first at line 3)");
  CHECK(inlineError("name: a\nname: b\nsteps: [{name: b, benchmark: noop}]\n") ==
        "x.yaml:2: name: duplicate field (first at line 1)");
  CHECK(inlineError("steps: [{name: b, benchmark: noop}]\n") ==
        "x.yaml:1: name: missing required field");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n  - benchmark: noop\n") ==
        "x.yaml:3: steps[0].benchmark: missing required field\n"
        "x.yaml:4: steps[1].name: missing required field");
  CHECK(inlineError("name: a\nsteps: [{name: Cpu_1, benchmark: noop}]\n") ==
        "x.yaml:2: steps[0].name: 'Cpu_1' is not a valid name (a-z, 0-9 and '-', at most 64 "
        "characters)");
}

TEST_CASE("suite: empty files and empty step lists") {
  CHECK(fixtureError("bad_empty_steps.yaml") ==
        "x.yaml:3: steps: no steps (a suite needs at least one)");
  CHECK(inlineError("name: a\nsteps:\n") ==
        "x.yaml:2: steps: no steps (a suite needs at least one)");
  CHECK(inlineError("") ==
        "x.yaml:1: suite: the file is empty (expected a map with name and steps)");
  CHECK(inlineError("# nothing\n") ==
        "x.yaml:1: suite: the file is empty (expected a map with name and steps)");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: noop\n  -\n")
            .find("steps[1]: empty step (expected name and benchmark)") != std::string::npos);
}

TEST_CASE("suite: every problem is reported, in line order") {
  CHECK(fixtureError("bad_many.yaml") ==
        "x.yaml:2: name: 'Many_Problems' is not a valid name (a-z, 0-9 and '-', at most 64 "
        "characters)\n"
        "x.yaml:4: defaults.nodes: 'everyone' is not all, master, workers or a list of host names "
        "(one host: [everyone])\n"
        "x.yaml:8: steps[0].repetitions: 0 is outside [1, 100]\n"
        "x.yaml:9: steps[0].mode: 'sequential' is not parallel or serial\n"
        "x.yaml:10: steps[1].name: missing required field\n"
        "x.yaml:11: steps[1].params.directions: 'sideways' is not one of both|upload|download\n"
        "x.yaml:11: steps[1].params.parallel: 200 is outside [1, 128]");
}

TEST_CASE("suite: node lists") {
  auto nodes = [](const std::string& value) {
    return inlineError("name: a\nsteps:\n  - name: b\n    benchmark: noop\n    nodes: " + value +
                       "\n");
  };
  CHECK(nodes("[]") ==
        "x.yaml:5: steps[0].nodes: expected all, master, workers or a non-empty list of host "
        "names, got an empty list");
  CHECK(nodes("[node02, node02]") == "x.yaml:5: steps[0].nodes[1]: host 'node02' is listed twice");
  CHECK(nodes("[node02, 'bad host']") ==
        "x.yaml:5: steps[0].nodes[1]: 'bad host' is not a host name or IPv4 address");
  CHECK(nodes("{a: b}") ==
        "x.yaml:5: steps[0].nodes: expected all, master, workers or a non-empty list of host "
        "names, got a map");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: noop\n    nodes:\n"
                    "      - node02\n      - -x\n") ==
        "x.yaml:7: steps[0].nodes[1]: '-x' is not a host name or IPv4 address");
}

TEST_CASE("suite: a timeout must exceed the step's run time") {
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: sysbench-cpu\n"
                    "    timeout: 10\n    params: {time: 10}\n") ==
        "x.yaml:5: steps[0].timeout: 10 s does not exceed the run time of 10 s (params.time)");
  CHECK(inlineError("name: a\ndefaults: {timeout: 20}\nsteps:\n  - name: b\n"
                    "    benchmark: fio\n    params: {runtime: 30}\n") ==
        "x.yaml:2: steps[0].timeout: defaults.timeout 20 s does not exceed the run time of 30 s "
        "(params.runtime)");
  CHECK(inlineError("name: a\nsteps:\n  - name: b\n    benchmark: sysbench-cpu\n"
                    "    params: {time: 3600}\n") ==
        "x.yaml:3: steps[0].timeout: the default timeout 300 s does not exceed the run time of "
        "3600 s (params.time)");
}

TEST_CASE("suite: did-you-mean suggestions stay close") {
  using cb::spec::detail::didYouMean;
  using cb::spec::detail::editDistance;
  CHECK(editDistance("repetitons", "repetitions") == 1);
  CHECK(editDistance("", "abc") == 3);
  CHECK(editDistance("kitten", "sitting") == 3);
  CHECK(didYouMean("repetitons", {"name", "repetitions"}) == " (did you mean repetitions?)");
  CHECK(didYouMean("nme", {"name", "mode"}) == " (did you mean name?)");
  CHECK(didYouMean("colour", {"name", "mode"}).empty());
  CHECK(didYouMean("x", {"n", "q"}).empty());  // one letter apart is not a typo of one letter
}

TEST_CASE("suite: loadSuite reads the file and names it as given") {
  auto path = std::string(CB_TEST_DATA) + "/suites/bad_unknown_field.yaml";
  auto s = cb::spec::loadSuite(path, catalog());
  REQUIRE_FALSE(s);
  CHECK(s.error().rfind(path + ":9: steps[1].repetitons: unknown field", 0) == 0);
  auto missing = cb::spec::loadSuite(std::string(CB_TEST_DATA) + "/suites/none.yaml", catalog());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().find("none.yaml") != std::string::npos);
}

TEST_SUITE_END();
