#include "bench/catalog.hpp"

#include "bench/fio.hpp"
#include "bench/hpcc.hpp"
#include "bench/hpcc_mpi.hpp"
#include "bench/iozone.hpp"
#include "bench/iperf3_client.hpp"
#include "bench/iperf3_server.hpp"
#include "bench/noop.hpp"
#include "bench/stress_ng.hpp"
#include "bench/sysbench_cpu.hpp"
#include "bench/sysbench_fileio.hpp"
#include "bench/sysbench_memory.hpp"

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

std::vector<const Benchmark*> Catalog::recognizing(const std::string& output) const {
  std::vector<const Benchmark*> out;
  for (const auto& [_, b] : byName_) {
    if (b->recognizes(output)) out.push_back(b.get());
  }
  return out;
}

Catalog makeDefaultCatalog() {
  Catalog c;
  c.add(std::make_unique<SysbenchCpu>());
  c.add(std::make_unique<SysbenchMemory>());
  c.add(std::make_unique<SysbenchFileio>());
  c.add(std::make_unique<StressNg>(StressNgStressor::kCpu));
  c.add(std::make_unique<StressNg>(StressNgStressor::kVm));
  c.add(std::make_unique<StressNg>(StressNgStressor::kHdd));
  c.add(std::make_unique<Fio>());
  c.add(std::make_unique<Iozone>());
  c.add(std::make_unique<Iperf3Client>());
  c.add(std::make_unique<Iperf3Server>());
  c.add(std::make_unique<Hpcc>());
  c.add(std::make_unique<HpccMpi>());
  c.add(std::make_unique<Noop>());
  return c;
}

}  // namespace cb::bench
