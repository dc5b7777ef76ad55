#include "bench/catalog.hpp"

#include "bench/noop.hpp"
#include "bench/sysbench_cpu.hpp"

namespace cb::bench {

void Catalog::add(std::unique_ptr<Benchmark> benchmark) {
  auto name = benchmark->name();
  byName_[name] = std::move(benchmark);
}

const Benchmark* Catalog::find(const std::string& name) const {
  auto it = byName_.find(name);
  return it == byName_.end() ? nullptr : it->second.get();
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : byName_) out.push_back(name);
  return out;
}

Catalog makeDefaultCatalog() {
  Catalog c;
  c.add(std::make_unique<SysbenchCpu>());
  c.add(std::make_unique<Noop>());
  return c;
}

}  // namespace cb::bench
