#include "bench/sysbench_memory.hpp"

#include <cstdint>

#include "bench/sysbench_report.hpp"
#include "bench/text_scan.hpp"

namespace cb::bench {

std::vector<ParamSpec> SysbenchMemory::params() const {
  return {
      {"memory-block-size",
       "size of each memory block",
       "1K",
       0,
       0,
       {"1K", "2K", "4K", "8K", "16K", "32K", "64K", "128K", "256K", "512K", "1M"}},
      {"memory-total-size",
       "total data to transfer, in MiB (100G = 102400)",
       "102400",
       1,
       std::int64_t{1} << 30,
       {}},
      {"memory-oper", "memory operation", "write", 0, 0, {"read", "write"}},
      {"memory-access-mode", "memory access pattern", "seq", 0, 0, {"seq", "rnd"}},
      {"threads", "worker threads", "1", 1, 1024, {}},
      {"time", "run time limit in seconds", "10", 1, 3600, {}},
  };
}

std::chrono::milliseconds SysbenchMemory::defaultTimeout() const {
  return std::chrono::minutes(5);
}

std::vector<std::string> SysbenchMemory::build(const Params& p) const {
  return {"sysbench",
          "memory",
          "--memory-block-size=" + p.at("memory-block-size"),
          "--memory-total-size=" + p.at("memory-total-size") + "M",
          "--memory-oper=" + p.at("memory-oper"),
          "--memory-access-mode=" + p.at("memory-access-mode"),
          "--threads=" + p.at("threads"),
          "--time=" + p.at("time"),
          "run"};
}

bool SysbenchMemory::recognizes(const std::string& output) const {
  // A whole report, or the figures block of one (bench/saved_reports.hpp).
  return (output.find("sysbench ") != std::string::npos &&
          output.find("Running memory speed test") != std::string::npos) ||
         (output.starts_with("Total operations:") &&
          output.find("MiB transferred") != std::string::npos);
}

Result<Samples> SysbenchMemory::parse(const std::string& output, const Params& p) const {
  const std::string what = "sysbench memory output";
  auto labels =
      labelsFrom(p, {"threads", "memory-block-size", "memory-oper", "memory-access-mode"});
  // "Total operations: 1129 ( 1124.66 per second)" and
  // "1129.00 MiB transferred (1124.66 MiB/sec)".
  auto opsLine = lineWith(output, "Total operations:");
  auto ops = findNumberAfter(opsLine, "Total operations:");
  if (!ops) return fail(what + " has no 'Total operations:' figure");
  auto opsRate = findNumberAfter(opsLine, "(");
  if (!opsRate) return fail(what + " has no operations per second after 'Total operations:'");
  auto mibLine = lineWith(output, "MiB transferred");
  auto mib = findNumberBefore(mibLine, "MiB transferred");
  if (!mib) return fail(what + " has no 'MiB transferred' figure");
  auto mibRate = findNumberAfter(mibLine, "(");
  if (!mibRate) return fail(what + " has no MiB/sec rate after 'MiB transferred'");

  Samples out{
      Sample{"operations_per_second", *opsRate, "ops/s", labels},
      Sample{"transfer_rate", *mibRate, "MiB/s", labels},
      Sample{"total_operations", *ops, "ops", labels},
      Sample{"transferred", *mib, "MiB", labels},
  };
  if (auto st = appendSysbenchGeneralStats(output, what, labels, out); !st) {
    return fail(st.error());
  }
  return out;
}

}  // namespace cb::bench
