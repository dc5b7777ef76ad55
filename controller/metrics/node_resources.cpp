#include "metrics/node_resources.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace cb::metrics {
namespace {

constexpr std::array<std::string_view, 8> kCpuModes{"user",   "nice", "system",  "idle",
                                                    "iowait", "irq",  "softirq", "steal"};

bool usable(double v) {
  return std::isfinite(v) && v >= 0;
}

/// Sorts by name, drops repeated names and keeps the first `cap`.
template <typename T>
void sortUniqueCap(std::vector<T>& items, std::size_t cap) {
  std::stable_sort(items.begin(), items.end(),
                   [](const T& a, const T& b) { return a.name < b.name; });
  items.erase(std::unique(items.begin(), items.end(),
                          [](const T& a, const T& b) { return a.name == b.name; }),
              items.end());
  if (items.size() > cap) items.resize(cap);
}

}  // namespace

bool isValidDeviceName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '@' || c == '+' || c == ':' || c == '-';
  });
}

NodeResources readNodeResources(proto::NodeMetrics::Reader in) {
  NodeResources r;
  for (auto c : in.getCpu()) {
    const std::string mode = c.getMode();
    const bool known = std::find(kCpuModes.begin(), kCpuModes.end(), mode) != kCpuModes.end();
    const bool repeated = std::any_of(r.cpu.begin(), r.cpu.end(),
                                      [&](const NodeResources::Cpu& x) { return x.mode == mode; });
    if (known && !repeated && usable(c.getSeconds())) r.cpu.push_back({mode, c.getSeconds()});
  }
  r.load1 = usable(in.getLoad1()) ? in.getLoad1() : 0;
  r.load5 = usable(in.getLoad5()) ? in.getLoad5() : 0;
  r.load15 = usable(in.getLoad15()) ? in.getLoad15() : 0;
  r.memoryTotalBytes = static_cast<double>(in.getMemoryTotalBytes());
  r.memoryAvailableBytes = static_cast<double>(in.getMemoryAvailableBytes());

  for (auto i : in.getInterfaces()) {
    std::string name = i.getName();
    if (!isValidDeviceName(name)) continue;
    r.interfaces.push_back(
        {std::move(name), static_cast<double>(i.getRxBytes()), static_cast<double>(i.getTxBytes()),
         static_cast<double>(i.getRxPackets()), static_cast<double>(i.getTxPackets())});
  }
  sortUniqueCap(r.interfaces, kMaxInterfacesPerNode);

  for (auto d : in.getDisks()) {
    std::string name = d.getName();
    if (!isValidDeviceName(name)) continue;
    r.disks.push_back({std::move(name), static_cast<double>(d.getReadBytes()),
                       static_cast<double>(d.getWrittenBytes()), static_cast<double>(d.getReads()),
                       static_cast<double>(d.getWrites())});
  }
  sortUniqueCap(r.disks, kMaxDisksPerNode);
  return r;
}

}  // namespace cb::metrics
