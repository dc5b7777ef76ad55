#pragma once
// HPC Challenge (hpcc 1.5): HPL, DGEMM, PTRANS, RandomAccess, FFT and STREAM in one MPI job.
// The invocation writes hpccinf.txt, runs `mpirun ... hpcc` and parses hpccoutf.txt.
#include <cstdint>
#include <string>
#include <utility>

#include "bench/benchmark.hpp"

namespace cb::bench {

/// The HPL settings hpccinf.txt carries: one problem size N, one block size NB, one P×Q grid.
struct HpccParams {
  std::int64_t n = 1000;
  std::int64_t nb = 80;
  std::int64_t p = 1;
  std::int64_t q = 1;
};

/// Share of the job's memory the HPL matrix may take when N is chosen from memory.
inline constexpr double kHpccMemoryFraction = 0.2;
inline constexpr std::int64_t kHpccDefaultNb = 80;

/// hpccinf.txt for `p`: HPCC's example input (_hpccinf.txt) with N, NB, P and Q replaced and no
/// additional PTRANS sizes. Expects positive values.
std::string makeHpccInf(const HpccParams& p);

/// {P, Q} with P×Q = procs, P <= Q and P as large as possible (the squarest grid); procs >= 1.
std::pair<std::int64_t, std::int64_t> chooseProcessGrid(std::int64_t procs);

/// The largest multiple of nb not above sqrt(fraction × memBytes / 8) (the matrix of doubles
/// fills that share of memory), but at least nb × minBlocks so every process row and column
/// owns a block.
std::int64_t chooseProblemSize(std::uint64_t memBytes, std::int64_t nb, std::int64_t minBlocks = 1,
                               double fraction = kHpccMemoryFraction);

/// Defaults for a job of `procs` processes that may use `memBytes` of memory in total (all
/// nodes together): the squarest grid and N from chooseProblemSize().
HpccParams chooseHpccParams(std::uint64_t memBytes, std::int64_t procs,
                            std::int64_t nb = kHpccDefaultNb);

/// HpccParams from validated catalog parameters: n=0 sizes N from mem-mb; p=q=0 chooses the
/// grid from procs; when only one of p, q is given the other is procs divided by it (at least 1).
HpccParams resolveHpccParams(const Params& params);

/// Samples from the summary section of hpccoutf.txt (between "Begin of Summary section." and
/// "End of Summary section."); the error names the missing keys.
Result<Samples> parseHpccSummary(const std::string& output);

class Hpcc : public Benchmark {
 public:
  std::string name() const override { return "hpcc"; }
  std::string description() const override {
    return "HPC Challenge: HPL, DGEMM, PTRANS, RandomAccess, FFT, STREAM under mpirun";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  /// Single-node command: mpirun --oversubscribe -np <procs> hpcc (as the MPI user).
  std::vector<std::string> build(const Params& params) const override;
  /// build() plus hpccinf.txt from resolveHpccParams(); output is hpccoutf.txt.
  Invocation invocation(const Params& params) const override;
  bool recognizes(const std::string& output) const override;
  Result<Samples> parse(const std::string& output, const Params& params) const override;
};

}  // namespace cb::bench
