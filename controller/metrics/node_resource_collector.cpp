#include "metrics/node_resource_collector.hpp"

#include <functional>
#include <utility>

namespace cb::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

class Builder {
 public:
  explicit Builder(std::vector<MetricFamily>& out) : out_(out) {}

  /// Starts a family; it is dropped again by finish() when nothing was added.
  void family(const char* name, const char* help, MetricType type) {
    finish();
    current_ = MetricFamily{name, help, type, {}};
  }

  void add(std::vector<ClientMetric::Label> labels, double value) {
    ClientMetric m;
    m.label = std::move(labels);
    if (current_.type == MetricType::Counter) {
      m.counter.value = value;
    } else {
      m.gauge.value = value;
    }
    current_.metric.push_back(std::move(m));
  }

  void finish() {
    if (!current_.metric.empty()) out_.push_back(std::move(current_));
    current_ = MetricFamily{};
  }

 private:
  std::vector<MetricFamily>& out_;
  MetricFamily current_;
};

}  // namespace

void NodeResourceCollector::set(const std::string& node, NodeResources resources) {
  std::lock_guard lock(mutex_);
  nodes_[node] = std::move(resources);
}

void NodeResourceCollector::remove(const std::string& node) {
  std::lock_guard lock(mutex_);
  nodes_.erase(node);
}

std::vector<MetricFamily> NodeResourceCollector::Collect() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricFamily> out;
  Builder b(out);
  using R = NodeResources;
  // One family per figure: name, help, type, and how to add the node's series.
  auto perNode = [&](const char* name, const char* help, MetricType type,
                     const std::function<void(const std::string&, const R&)>& fill) {
    b.family(name, help, type);
    for (const auto& [node, r] : nodes_) fill(node, r);
  };
  auto gauge = [&](const char* name, const char* help, double R::*field) {
    perNode(name, help, MetricType::Gauge, [&](const std::string& node, const R& r) {
      b.add({{"node", node}}, r.*field);
    });
  };
  auto interfaces = [&](const char* name, const char* help, double R::Interface::*field) {
    perNode(name, help, MetricType::Counter, [&](const std::string& node, const R& r) {
      for (const auto& i : r.interfaces) b.add({{"interface", i.name}, {"node", node}}, i.*field);
    });
  };
  auto disks = [&](const char* name, const char* help, double R::Disk::*field) {
    perNode(name, help, MetricType::Counter, [&](const std::string& node, const R& r) {
      for (const auto& d : r.disks) b.add({{"device", d.name}, {"node", node}}, d.*field);
    });
  };

  perNode("clusterbench_node_cpu_seconds_total",
          "Seconds the node's CPUs spent in each mode since boot, summed over CPUs.",
          MetricType::Counter, [&](const std::string& node, const R& r) {
            for (const auto& c : r.cpu) b.add({{"mode", c.mode}, {"node", node}}, c.seconds);
          });
  gauge("clusterbench_node_load1", "1-minute load average of the node.", &R::load1);
  gauge("clusterbench_node_load5", "5-minute load average of the node.", &R::load5);
  gauge("clusterbench_node_load15", "15-minute load average of the node.", &R::load15);
  gauge("clusterbench_node_memory_total_bytes", "Memory of the node (MemTotal).",
        &R::memoryTotalBytes);
  gauge("clusterbench_node_memory_available_bytes",
        "Memory available for new work without swapping (MemAvailable).", &R::memoryAvailableBytes);
  interfaces("clusterbench_node_network_receive_bytes_total",
             "Bytes received by the interface since boot.", &R::Interface::receiveBytes);
  interfaces("clusterbench_node_network_transmit_bytes_total",
             "Bytes transmitted by the interface since boot.", &R::Interface::transmitBytes);
  interfaces("clusterbench_node_network_receive_packets_total",
             "Packets received by the interface since boot.", &R::Interface::receivePackets);
  interfaces("clusterbench_node_network_transmit_packets_total",
             "Packets transmitted by the interface since boot.", &R::Interface::transmitPackets);
  disks("clusterbench_node_disk_read_bytes_total", "Bytes read from the whole disk since boot.",
        &R::Disk::readBytes);
  disks("clusterbench_node_disk_written_bytes_total", "Bytes written to the whole disk since boot.",
        &R::Disk::writtenBytes);
  disks("clusterbench_node_disk_reads_completed_total",
        "Read operations the whole disk completed since boot.", &R::Disk::readsCompleted);
  disks("clusterbench_node_disk_writes_completed_total",
        "Write operations the whole disk completed since boot.", &R::Disk::writesCompleted);
  b.finish();
  return out;
}

}  // namespace cb::metrics
