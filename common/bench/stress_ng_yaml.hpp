#pragma once
// Pure parser for the "metrics" section of the YAML file stress-ng (0.15.x) writes with
// --yaml FILE: one list entry per stressor, e.g.
//   metrics:
//       - stressor: cpu
//         bogo-ops: 1077
//         bogo-ops-per-second-usr-sys-time: 1321.984966
//         ...
#include <string>
#include <string_view>
#include <vector>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::bench {

/// Samples for every stressor in `yaml`'s metrics section, each labelled stressor=<name>, in file
/// order. Required per stressor (the error names the stressor and the missing key):
///   bogo-ops -> bogo_ops (bogo ops), bogo-ops-per-second-real-time -> bogo_ops_per_second_real
///   and bogo-ops-per-second-usr-sys-time -> bogo_ops_per_second_usr_sys (bogo ops/s),
///   wall-clock-time -> real_time, user-time -> usr_time, system-time -> sys_time (s).
/// Added when present: cpu-usage-per-instance -> cpu_usage_per_instance (%), max-rss -> max_rss
///   (KiB), and the hdd stressor's mbsec-read-rate / mbsec-write-rate /
///   mbsec-readwrite-combined-rate -> read_rate / write_rate / readwrite_rate (MB/s, as stress-ng
///   prints them). Other keys are ignored. Never throws.
Result<Samples> parseStressNgYaml(const std::string& yaml);

/// The stressor names listed in the metrics section of a stress-ng YAML file, by a cheap text
/// scan (no YAML parse); empty when `text` is not stress-ng YAML with a metrics section.
std::vector<std::string> stressNgYamlStressors(std::string_view text);

}  // namespace cb::bench
