#pragma once
// The node resource families of /metrics, built from each node's latest report at scrape time.
// The agent's counters are cumulative since the node booted, so they are exported as counters
// holding exactly the reported value (prometheus-cpp's Counter can only be incremented): a node
// reboot shows up as a counter reset, which rate() handles.
// Series: clusterbench_node_cpu_seconds_total{node,mode}, clusterbench_node_load1/5/15{node},
// clusterbench_node_memory_{total,available}_bytes{node},
// clusterbench_node_network_{receive,transmit}_{bytes,packets}_total{node,interface},
// clusterbench_node_disk_{read,written}_bytes_total{node,device},
// clusterbench_node_disk_{reads,writes}_completed_total{node,device}.
// Thread-safety: set/remove on the controller loop, Collect on the exposer's threads; a mutex
// guards the reports.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include "metrics/node_resources.hpp"

namespace cb::metrics {

class NodeResourceCollector final : public prometheus::Collectable {
 public:
  /// Replaces the node's previous report (interfaces or disks it no longer lists disappear).
  void set(const std::string& node, NodeResources resources);
  /// Drops every series of the node.
  void remove(const std::string& node);

  /// Families with at least one series, in a fixed order; nodes by name.
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, NodeResources> nodes_;
};

}  // namespace cb::metrics
