#include "bench/stress_ng.hpp"

#include <cstdint>

#include "bench/stress_ng_text.hpp"
#include "bench/stress_ng_yaml.hpp"

namespace cb::bench {

std::string StressNg::stressor() const {
  switch (stressor_) {
    case StressNgStressor::kCpu:
      return "cpu";
    case StressNgStressor::kVm:
      return "vm";
    case StressNgStressor::kHdd:
      return "hdd";
  }
  return "cpu";  // unreachable: every enumerator is handled above
}

std::string StressNg::description() const {
  switch (stressor_) {
    case StressNgStressor::kCpu:
      return "stress-ng --cpu: N workers cycling through CPU methods; bogo ops/s";
    case StressNgStressor::kVm:
      return "stress-ng --vm: N workers writing and checking vm-bytes MiB each; bogo ops/s";
    case StressNgStressor::kHdd:
      return "stress-ng --hdd: N workers writing and reading hdd-bytes MiB files in the scratch "
             "directory; bogo ops/s and MB/s";
  }
  return {};
}

std::vector<ParamSpec> StressNg::params() const {
  std::vector<ParamSpec> out{
      {"workers", "stressor instances (0 = one per online CPU)", "2", 0, 1024, {}},
      {"time", "run time in seconds", "60", 1, 3600, {}},
  };
  if (stressor_ == StressNgStressor::kVm) {
    out.push_back({"vm-bytes", "memory per worker, in MiB", "512", 1, std::int64_t{1} << 22, {}});
  }
  if (stressor_ == StressNgStressor::kHdd) {
    out.push_back(
        {"hdd-bytes", "file size per worker, in MiB", "1024", 1, std::int64_t{1} << 20, {}});
    out.push_back({"hdd-write-size", "bytes per write", "10", 1, 4 * 1024 * 1024, {}});
  }
  return out;
}

std::chrono::milliseconds StressNg::defaultTimeout() const {
  return std::chrono::minutes(5);
}

std::vector<std::string> StressNg::build(const Params& p) const {
  std::vector<std::string> argv{"stress-ng", "--" + stressor(), p.at("workers")};
  if (stressor_ == StressNgStressor::kVm) {
    argv.insert(argv.end(), {"--vm-bytes", p.at("vm-bytes") + "M"});
  }
  if (stressor_ == StressNgStressor::kHdd) {
    argv.insert(argv.end(), {"--hdd-bytes", p.at("hdd-bytes") + "M", "--hdd-write-size",
                             p.at("hdd-write-size")});
  }
  argv.insert(argv.end(), {"--timeout", p.at("time") + "s", "--metrics-brief", "--temp-path", ".",
                           "--yaml", kYamlFile});
  return argv;
}

Invocation StressNg::invocation(const Params& p) const {
  Invocation inv;
  inv.steps.push_back(Command{build(p)});
  inv.outputFile = kYamlFile;
  return inv;
}

namespace {

/// The YAML form carries "stress-ng-version:"; anything else with stress-ng message lines is text.
bool isTextForm(const std::string& output) {
  return output.find("stress-ng-version:") == std::string::npos && looksLikeStressNgText(output);
}

/// The stressors the output lists, in either form; empty when it is neither.
std::vector<std::string> listedStressors(const std::string& output) {
  if (!isTextForm(output)) return stressNgYamlStressors(output);
  std::vector<std::string> out;
  auto reports = splitStressNgText(output);
  if (!reports) return out;
  for (const auto& r : *reports) out.insert(out.end(), r.stressors.begin(), r.stressors.end());
  return out;
}

}  // namespace

bool StressNg::recognizes(const std::string& output) const {
  auto listed = listedStressors(output);
  if (listed.empty()) return false;
  for (const auto& s : listed) {
    if (s != stressor()) return false;
  }
  return true;
}

Result<Samples> StressNg::parse(const std::string& output, const Params& p) const {
  auto samples = isTextForm(output) ? parseStressNgText(output) : parseStressNgYaml(output);
  if (!samples) return samples;
  const std::string own = stressor();
  bool found = false;
  for (auto& s : *samples) {
    if (s.labels.at("stressor") != own) continue;
    found = true;
    for (const char* k : {"workers", "vm-bytes", "hdd-bytes", "hdd-write-size"}) {
      if (auto it = p.find(k); it != p.end()) s.labels[k] = it->second;
    }
  }
  if (!found) {
    std::string listed;
    for (const auto& s : listedStressors(output)) listed += (listed.empty() ? "" : ", ") + s;
    return fail("stress-ng output has no metrics for stressor '" + own + "' (listed: " + listed +
                ")");
  }
  return samples;
}

}  // namespace cb::bench
