#pragma once
// sysbench cpu: prime-number search; events/s, latency avg/p95/max, total events.
#include "bench/benchmark.hpp"

namespace cb::bench {

class SysbenchCpu : public Benchmark {
 public:
  std::string name() const override { return "sysbench-cpu"; }
  std::string description() const override {
    return "sysbench cpu: verify primes up to cpu-max-prime on N threads";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  std::vector<std::string> build(const Params& params) const override;
  Result<Samples> parse(const std::string& output, const Params& params) const override;
  bool recognizes(const std::string& output) const override;
};

}  // namespace cb::bench
