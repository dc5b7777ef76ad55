#pragma once
// iperf3 client: TCP throughput to an iperf3 server (upload, or download with reverse=1) over
// `parallel` streams for `time` seconds. The orchestrator starts Iperf3Server first.
#include "bench/benchmark.hpp"

namespace cb::bench {

class Iperf3Client : public Benchmark {
 public:
  std::string name() const override { return "iperf3-client"; }
  std::string description() const override {
    return "iperf3 client: TCP throughput to an iperf3 server, upload or download (-R)";
  }
  std::vector<ParamSpec> params() const override;
  /// Covers the longest allowed `time` plus connection setup.
  std::chrono::milliseconds defaultTimeout() const override;
  /// iperf3 -c SERVER -p PORT -P PARALLEL -t TIME [-R] [--json]
  std::vector<std::string> build(const Params& params) const override;
  bool recognizes(const std::string& output) const override;
  /// parseIperf3Client(): JSON or text, whatever the output is; params are not needed.
  Result<Samples> parse(const std::string& output, const Params& params) const override;
};

}  // namespace cb::bench
