// Fuzz target: spec::parseClusterSpec (the YAML of `clusterbench apply`) and, for specs that
// parse, the per-node configurations built from them.
#include "spec/cluster_spec.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto spec = cb::spec::parseClusterSpec(cb::fuzz::text(data, size), "fuzz.yaml");
  if (!spec) return 0;
  for (std::size_t i = 0; i < spec->nodes.size(); ++i) (void)cb::spec::nodeConfigFor(*spec, i);
  return 0;
}
