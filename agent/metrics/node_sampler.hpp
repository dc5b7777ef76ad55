#pragma once
// Reads the node's resource counters from a root tree ("/" on a real node, a sample tree in
// tests). Blocking file reads only (a few small procfs files); no state between calls.
#include <filesystem>
#include <string>
#include <vector>

#include "metrics/node_metrics.hpp"

namespace cb::agent {

struct NodeMetricsReading {
  NodeMetricsSample sample;
  /// One message per file that was missing or did not parse; its part of sample stays empty.
  std::vector<std::string> problems;
};

/// Samples root/proc/{stat,loadavg,meminfo,net/dev,diskstats}. Disks are whole disks only: when
/// root/sys/block exists, a device counts when root/sys/block/<name> exists and it is not a
/// loop/RAM device; otherwise isWholeDiskName decides. userHz: sysconf(_SC_CLK_TCK).
NodeMetricsReading sampleNodeMetrics(const std::filesystem::path& root, long userHz);

}  // namespace cb::agent
