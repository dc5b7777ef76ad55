#pragma once
// HPCC across nodes: `mpirun` on the master with a hostfile of the ready nodes, launching the
// remote MPI daemons through clusterbench-mpi-rsh (no SSH), TCP restricted to the cluster net.
#include "bench/hpcc.hpp"

namespace cb::bench {

class HpccMpi : public Benchmark {
 public:
  std::string name() const override { return "hpcc-mpi"; }
  std::string description() const override {
    return "HPC Challenge over MPI across nodes (launched by the controller on the master)";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override { return std::chrono::minutes(30); }
  std::vector<std::string> build(const Params& params) const override;
  /// hostfile + hpccinf.txt, mpirun as the MPI user, output hpccoutf.txt.
  Invocation invocation(const Params& params) const override;
  Result<Samples> parse(const std::string& output, const Params& params) const override {
    (void)params;
    return parseHpccSummary(output);
  }
};

/// "198.18.0.2:2,198.18.0.3:1" -> "198.18.0.2 slots=2\n198.18.0.3 slots=1\n"; total slots out.
std::string makeHostfile(const std::string& hostSlots, std::int64_t& totalSlots);

}  // namespace cb::bench
