#pragma once
// fio: one job (optionally numjobs clones, aggregated by --group_reporting) on files in the scratch
// directory, JSON output. Samples per job and direction (read/write) that moved data:
//   iops (ops/s), bandwidth (MiB/s, from bw_bytes), latency_mean (us, total latency lat_ns),
//   clat_p50 / clat_p95 / clat_p99 (us, completion-latency percentiles);
// labels job, direction, rw, bs.
#include "bench/benchmark.hpp"

namespace cb::bench {

class Fio : public Benchmark {
 public:
  std::string name() const override { return "fio"; }
  std::string description() const override {
    return "fio: file I/O (sequential/random read/write) in the scratch directory";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  /// `fio --name=cb --directory=. … --group_reporting --output-format=json`; files are laid out
  /// in the current directory (the scratch dir).
  std::vector<std::string> build(const Params& params) const override;
  bool recognizes(const std::string& output) const override;
  /// Accepts lines before the JSON object (fio prints notes such as the iodepth cap there).
  /// Jobs sharing one name (numjobs > 1 without --group_reporting) are labelled `<name>.<k>`,
  /// k counting from 0 in output order, like fio's file names. rw/bs labels come from the
  /// JSON "job options", else from params.
  Result<Samples> parse(const std::string& output, const Params& params) const override;
};

}  // namespace cb::bench
