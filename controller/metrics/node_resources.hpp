#pragma once
// A node's live resource counters as the controller exports them, read from an agent's
// nodeMetrics message. Everything an agent sends is checked here: only known CPU modes, names that
// are sane label values, and a bounded number of interfaces and disks per node.
#include <cstddef>
#include <string>
#include <vector>

#include "schemas/protocol.capnp.h"

namespace cb::metrics {

/// Per node: beyond these, the first by name are kept (bounded label sets, DESIGN §6).
inline constexpr std::size_t kMaxInterfacesPerNode = 64;
inline constexpr std::size_t kMaxDisksPerNode = 64;

struct NodeResources {
  struct Cpu {
    std::string mode;  // user, nice, system, idle, iowait, irq, softirq, steal
    double seconds = 0;
  };
  struct Interface {
    std::string name;
    double receiveBytes = 0, transmitBytes = 0, receivePackets = 0, transmitPackets = 0;
  };
  struct Disk {
    std::string name;
    double readBytes = 0, writtenBytes = 0, readsCompleted = 0, writesCompleted = 0;
  };
  std::vector<Cpu> cpu;  // each known mode at most once
  double load1 = 0, load5 = 0, load15 = 0;
  double memoryTotalBytes = 0, memoryAvailableBytes = 0;
  std::vector<Interface> interfaces;  // sorted by name, unique
  std::vector<Disk> disks;            // sorted by name, unique
};

/// The message's figures, cleaned: unknown or repeated CPU modes, entries whose name is not
/// 1..64 characters of [A-Za-z0-9._@+:-] (or repeats an earlier one), and non-finite or negative
/// values are dropped; interfaces and disks beyond the caps are dropped after sorting by name.
NodeResources readNodeResources(proto::NodeMetrics::Reader in);

/// Whether name is acceptable as an interface or device label value (see readNodeResources).
bool isValidDeviceName(const std::string& name);

}  // namespace cb::metrics
