// Fuzz target: spec::parseSuite (suite YAML) against the default catalog and the orchestrated
// phases, and referencesJson() of suites that parse.
#include "spec/suite.hpp"
#include "bench/catalog.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  static const cb::spec::PhaseSpecs phases = cb::spec::orchestratedPhases();
  auto suite = cb::spec::parseSuite(cb::fuzz::text(data, size), "fuzz.yaml", catalog, phases);
  if (!suite) return 0;
  for (const auto& step : suite->steps) (void)cb::spec::referencesJson(step.references);
  return 0;
}
