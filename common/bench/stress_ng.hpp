#pragma once
// stress-ng with one stressor (cpu, vm or hdd) as the seed study runs it: N workers for `time`
// seconds with --metrics-brief; figures are read from the --yaml file it writes in the scratch
// directory (stress-ng prints its metrics table on stderr, which the agent does not parse).
// Saved outputs may be either that YAML or the --metrics-brief text (stress_ng_text.hpp).
//
// Parameters: workers (0 = one per online CPU), time (s); vm: vm-bytes (MiB per worker);
// hdd: hdd-bytes (MiB per worker), hdd-write-size (bytes per write). Defaults are the seed's:
// 2 workers, 60 s, --vm-bytes 512M, --hdd-write-size 10.
#include "bench/benchmark.hpp"

namespace cb::bench {

enum class StressNgStressor { kCpu, kVm, kHdd };

class StressNg : public Benchmark {
 public:
  /// The YAML file stress-ng writes, relative to the scratch directory (Invocation::outputFile).
  static constexpr const char* kYamlFile = "stress-ng.yaml";

  explicit StressNg(StressNgStressor stressor) : stressor_(stressor) {}

  /// "cpu", "vm" or "hdd": stress-ng's own stressor name.
  std::string stressor() const;
  /// "stress-ng-cpu", "stress-ng-vm" or "stress-ng-hdd".
  std::string name() const override { return "stress-ng-" + stressor(); }
  std::string description() const override;
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  std::vector<std::string> build(const Params& params) const override;
  /// build() with outputFile = kYamlFile.
  Invocation invocation(const Params& params) const override;
  /// True for stress-ng YAML or --metrics-brief text whose metrics list only this stressor.
  bool recognizes(const std::string& output) const override;
  /// `output` is the YAML file, or the text of one process's --metrics-brief report. Samples of
  /// every stressor listed (parseStressNgYaml / parseStressNgText), each labelled
  /// stressor=<name>; this stressor's also carry the given parameters (workers, vm-bytes,
  /// hdd-bytes, hdd-write-size) as labels. Fails when this stressor is not listed.
  Result<Samples> parse(const std::string& output, const Params& params) const override;

 private:
  StressNgStressor stressor_;
};

}  // namespace cb::bench
