#pragma once
// iperf3 server for Iperf3Client runs. The orchestrator starts it, waits for its
// "Server listening on PORT" line (flushed at once: --forceflush), runs the clients, then stops
// it (or, with one-off=1, it exits after one client test).
#include "bench/benchmark.hpp"

namespace cb::bench {

class Iperf3Server : public Benchmark {
 public:
  std::string name() const override { return "iperf3-server"; }
  std::string description() const override {
    return "iperf3 server for iperf3-client runs (started and stopped by the orchestrator)";
  }
  std::vector<ParamSpec> params() const override;
  /// Long: the server lives for a whole multi-client phase and is normally stopped, not timed out.
  std::chrono::milliseconds defaultTimeout() const override;
  /// iperf3 -s -B BIND -p PORT --forceflush [-1]
  std::vector<std::string> build(const Params& params) const override;
  bool recognizes(const std::string& output) const override;
  /// One sample, tests_served: client tests accepted ("Accepted connection from"); the
  /// measurements come from the clients.
  Result<Samples> parse(const std::string& output, const Params& params) const override;
};

}  // namespace cb::bench
