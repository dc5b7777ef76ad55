#pragma once
// sysbench fileio: file I/O on file-num files totalling file-total-size in the scratch directory;
// reads/writes/fsyncs per second, MiB/s read and written, latency avg/p95/max.
//
// Parameter units: file-total-size is an integer number of MiB (sysbench's default 2G = 2048),
// passed on as "<n>M"; file-block-size is in bytes; file-extra-flags "none" omits the option.
#include "bench/benchmark.hpp"

namespace cb::bench {

class SysbenchFileio : public Benchmark {
 public:
  std::string name() const override { return "sysbench-fileio"; }
  std::string description() const override {
    return "sysbench fileio: prepare test files in the scratch directory, run one I/O mode on N "
           "threads for `time` seconds, remove the files";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  /// The measuring "run" command alone (for display); the agent uses invocation().
  std::vector<std::string> build(const Params& params) const override;
  /// prepare (output=false), run (output=true), cleanup (always=true), all with the same file
  /// options so they address the same files, relative to the scratch directory (the cwd).
  Invocation invocation(const Params& params) const override;
  /// Samples (labels: threads, file-test-mode, file-block-size, file-extra-flags when given):
  /// reads_per_second (reads/s), writes_per_second (writes/s), fsyncs_per_second (fsyncs/s),
  /// read_rate and write_rate (MiB/s), total_time (s), total_events (events), events_per_second
  /// (events/s; total_events / total_time, which sysbench fileio does not print itself but the
  /// seed study reports), latency_avg / latency_p95 / latency_max (ms).
  Result<Samples> parse(const std::string& output, const Params& params) const override;
  bool recognizes(const std::string& output) const override;
};

}  // namespace cb::bench
