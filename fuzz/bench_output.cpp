// Fuzz target: every benchmark output parser of the catalog (common/bench). The first input byte
// chooses the benchmark (modulo the catalog's size), the rest is its output; recognizes() and
// parse() with no parameters must return, and the samples must survive JSON output.
#include <nlohmann/json.hpp>

#include "bench/catalog.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  static const std::vector<std::string> names = catalog.names();
  if (size == 0) return 0;
  const cb::bench::Benchmark* b = catalog.find(names[data[0] % names.size()]);
  std::string output = cb::fuzz::text(data + 1, size - 1);
  (void)b->recognizes(output);
  auto samples = b->parse(output, {});
  if (!samples) return 0;
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : *samples) {
    j.push_back({{"metric", s.metric}, {"value", s.value}, {"unit", s.unit}, {"labels", s.labels}});
  }
  (void)j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
