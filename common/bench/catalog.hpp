#pragma once
// The benchmark catalog: an explicit table filled in main() (no static registration).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/benchmark.hpp"

namespace cb::bench {

class Catalog {
 public:
  void add(std::unique_ptr<Benchmark> benchmark);
  /// nullptr when unknown.
  const Benchmark* find(const std::string& name) const;
  std::vector<std::string> names() const;
  /// Benchmarks whose recognizes() accepts `output` (for parsing saved outputs).
  std::vector<const Benchmark*> recognizing(const std::string& output) const;

 private:
  std::map<std::string, std::unique_ptr<Benchmark>> byName_;
};

/// Every benchmark this build knows; called from main() and tests.
Catalog makeDefaultCatalog();

}  // namespace cb::bench
