#include "bench/sysbench_fileio.hpp"

#include <cstdint>

#include "bench/sysbench_report.hpp"

namespace cb::bench {
namespace {

/// argv of `sysbench fileio <options> <command>`; the same options for every step.
std::vector<std::string> fileioArgv(const Params& p, const std::string& command) {
  std::vector<std::string> argv{"sysbench",
                                "fileio",
                                "--file-total-size=" + p.at("file-total-size") + "M",
                                "--file-test-mode=" + p.at("file-test-mode"),
                                "--file-num=" + p.at("file-num"),
                                "--file-block-size=" + p.at("file-block-size"),
                                "--threads=" + p.at("threads"),
                                "--time=" + p.at("time")};
  if (p.at("file-extra-flags") != "none") {
    argv.push_back("--file-extra-flags=" + p.at("file-extra-flags"));
  }
  argv.push_back(command);
  return argv;
}

}  // namespace

std::vector<ParamSpec> SysbenchFileio::params() const {
  return {
      {"file-total-size",
       "total size of the test files, in MiB (2G = 2048)",
       "2048",
       1,
       std::int64_t{1} << 24,
       {}},
      {"file-test-mode",
       "I/O pattern",
       "rndrw",
       0,
       0,
       {"seqwr", "seqrewr", "seqrd", "rndrd", "rndwr", "rndrw"}},
      {"file-num", "number of test files", "128", 1, 100'000, {}},
      {"file-block-size",
       "block size of every I/O request, in bytes",
       "16384",
       512,
       std::int64_t{1} << 26,
       {}},
      {"file-extra-flags",
       "extra open(2) flags; none = plain open",
       "none",
       0,
       0,
       {"none", "sync", "dsync", "direct"}},
      {"threads", "worker threads", "1", 1, 1024, {}},
      {"time", "run time in seconds", "10", 1, 3600, {}},
  };
}

std::chrono::milliseconds SysbenchFileio::defaultTimeout() const {
  return std::chrono::minutes(10);
}

std::vector<std::string> SysbenchFileio::build(const Params& p) const {
  return fileioArgv(p, "run");
}

Invocation SysbenchFileio::invocation(const Params& p) const {
  Invocation inv;
  inv.steps.push_back(Command{fileioArgv(p, "prepare"), false, false});
  inv.steps.push_back(Command{fileioArgv(p, "run"), true, false});
  inv.steps.push_back(Command{fileioArgv(p, "cleanup"), false, true});
  return inv;
}

bool SysbenchFileio::recognizes(const std::string& output) const {
  // A whole report, or the figures block of one (bench/saved_reports.hpp).
  return (output.find("sysbench ") != std::string::npos &&
          output.find("File operations:") != std::string::npos &&
          output.find("Extra file open flags:") != std::string::npos) ||
         (output.starts_with("File operations:") &&
          output.find("Throughput:") != std::string::npos);
}

Result<Samples> SysbenchFileio::parse(const std::string& output, const Params& p) const {
  const std::string what = "sysbench fileio output";
  struct Field {
    const char* anchor;
    const char* key;
    const char* metric;
    const char* unit;
  };
  static const Field kFields[] = {
      {"File operations:", "reads/s:", "reads_per_second", "reads/s"},
      {"File operations:", "writes/s:", "writes_per_second", "writes/s"},
      {"File operations:", "fsyncs/s:", "fsyncs_per_second", "fsyncs/s"},
      {"Throughput:", "read, MiB/s:", "read_rate", "MiB/s"},
      {"Throughput:", "written, MiB/s:", "write_rate", "MiB/s"},
  };
  auto labels = labelsFrom(p, {"threads", "file-test-mode", "file-block-size", "file-extra-flags"});
  Samples out;
  for (const auto& f : kFields) {
    auto v = findNumberAfterIn(output, f.anchor, f.key);
    if (!v) return fail(what + " has no '" + f.key + "' figure under '" + f.anchor + "'");
    out.push_back(Sample{f.metric, *v, f.unit, labels});
  }
  if (auto st = appendSysbenchGeneralStats(output, what, labels, out); !st) {
    return fail(st.error());
  }
  double time = 0;
  double events = 0;
  for (const auto& s : out) {
    if (s.metric == "total_time") time = s.value;
    if (s.metric == "total_events") events = s.value;
  }
  if (time <= 0) return fail(what + " has a total time of 0 s");
  out.push_back(Sample{"events_per_second", events / time, "events/s", labels});
  return out;
}

}  // namespace cb::bench
