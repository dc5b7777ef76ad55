#pragma once
// sysbench memory: reads or writes blocks of memory sequentially or at random on N threads;
// operations/s, MiB/s, total operations, latency avg/p95/max.
//
// Parameter units: memory-block-size is one of sysbench's own size words (1K … 1M, powers of
// two); memory-total-size is an integer number of MiB (sysbench's default 100G = 102400), passed
// on as "<n>M" — note that a bare number means bytes to sysbench itself, not to us.
#include "bench/benchmark.hpp"

namespace cb::bench {

class SysbenchMemory : public Benchmark {
 public:
  std::string name() const override { return "sysbench-memory"; }
  std::string description() const override {
    return "sysbench memory: read or write memory-total-size MiB in blocks, seq or rnd, on N "
           "threads, for at most `time` seconds";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  std::vector<std::string> build(const Params& params) const override;
  /// Samples (labels: threads, memory-block-size, memory-oper, memory-access-mode when given):
  /// operations_per_second (ops/s), transfer_rate (MiB/s), total_operations (ops), transferred
  /// (MiB), total_time (s), total_events (events), latency_avg / latency_p95 / latency_max (ms).
  Result<Samples> parse(const std::string& output, const Params& params) const override;
  bool recognizes(const std::string& output) const override;
};

}  // namespace cb::bench
