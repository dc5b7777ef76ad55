#include "bench/sysbench_cpu.hpp"

#include "bench/text_scan.hpp"

namespace cb::bench {

std::vector<ParamSpec> SysbenchCpu::params() const {
  return {
      {"cpu-max-prime", "upper limit of the prime search", "20000", 3, 10'000'000, {}},
      {"threads", "worker threads", "1", 1, 1024, {}},
      {"time", "run time in seconds", "10", 1, 3600, {}},
  };
}

std::chrono::milliseconds SysbenchCpu::defaultTimeout() const {
  return std::chrono::minutes(5);
}

std::vector<std::string> SysbenchCpu::build(const Params& p) const {
  return {"sysbench",
          "cpu",
          "--cpu-max-prime=" + p.at("cpu-max-prime"),
          "--threads=" + p.at("threads"),
          "--time=" + p.at("time"),
          "run"};
}

bool SysbenchCpu::recognizes(const std::string& output) const {
  // A whole report, or the figures block of one (bench/saved_reports.hpp).
  return (output.find("sysbench ") != std::string::npos &&
          output.find("Prime numbers limit:") != std::string::npos) ||
         (output.starts_with("CPU speed:") &&
          output.find("events per second:") != std::string::npos);
}

Result<Samples> SysbenchCpu::parse(const std::string& output, const Params& p) const {
  struct Field {
    const char* key;
    const char* metric;
    const char* unit;
  };
  static const Field kFields[] = {
      {"events per second:", "events_per_second", "events/s"},
      {"total number of events:", "total_events", "events"},
      {"total time:", "total_time", "s"},
      {"avg:", "latency_avg", "ms"},
      {"95th percentile:", "latency_p95", "ms"},
      {"max:", "latency_max", "ms"},
  };
  std::map<std::string, std::string> labels;
  for (const char* k : {"threads", "cpu-max-prime"}) {
    if (auto it = p.find(k); it != p.end()) labels[k] = it->second;
  }
  Samples out;
  for (const auto& f : kFields) {
    auto v = findNumberAfter(output, f.key);
    if (!v) return fail("sysbench cpu output has no '" + std::string(f.key) + "' figure");
    out.push_back(Sample{f.metric, *v, f.unit, labels});
  }
  return out;
}

}  // namespace cb::bench
