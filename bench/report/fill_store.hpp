#pragma once
// Fills a results store with a realistic mix of runs for the report benchmark: the samples the
// real parsers read from the captured fixtures (tests/data), scaled per environment and jittered
// per repetition, on several nodes of two environments.
#include <cstddef>
#include <filesystem>

#include "store/store.hpp"
#include "util/result.hpp"

namespace cb::benchreport {

struct FillOptions {
  std::filesystem::path dataDir;       // tests/data of the source tree
  std::size_t targetSamples = 100000;  // stop after the first repetition reaching it
  std::size_t nodesPerEnvironment = 3;
  unsigned seed = 42;
};

struct FillFigures {
  std::size_t runs = 0;
  std::size_t results = 0;
  std::size_t samples = 0;
};

Result<FillFigures> fillStore(store::Store& store, const FillOptions& options);

}  // namespace cb::benchreport
