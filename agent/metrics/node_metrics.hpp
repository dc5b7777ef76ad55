#pragma once
// Live resource counters of a node (DESIGN §6), sent to the controller every few seconds as a
// nodeMetrics message: pure parsers of the kernel's text files. Counters are cumulative since the
// node booted, exactly as the kernel reports them; nothing here computes rates.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::agent {

struct CpuModeSeconds {
  std::string mode;  // user, nice, system, idle, iowait, irq, softirq, steal
  double seconds = 0;
};

struct LoadAverage {
  double load1 = 0;
  double load5 = 0;
  double load15 = 0;
};

struct MemoryBytes {
  std::uint64_t total = 0;
  std::uint64_t available = 0;
};

struct InterfaceCounters {
  std::string name;
  std::uint64_t rxBytes = 0;
  std::uint64_t txBytes = 0;
  std::uint64_t rxPackets = 0;
  std::uint64_t txPackets = 0;
};

struct DiskCounters {
  std::string name;
  std::uint64_t readBytes = 0;
  std::uint64_t writtenBytes = 0;
  std::uint64_t reads = 0;   // completed read operations
  std::uint64_t writes = 0;  // completed write operations
};

struct NodeMetricsSample {
  std::vector<CpuModeSeconds> cpu;
  LoadAverage load;
  MemoryBytes memory;
  std::vector<InterfaceCounters> interfaces;
  std::vector<DiskCounters> disks;
};

/// The aggregate "cpu" line of /proc/stat as seconds per mode summed over all CPUs, in the
/// kernel's order (user nice system idle iowait irq softirq steal; older kernels print fewer).
/// guest and guest_nice are left out: the kernel already counts them in user and nice.
/// userHz is sysconf(_SC_CLK_TCK) of the node, > 0.
Result<std::vector<CpuModeSeconds>> parseProcStatCpu(std::string_view stat, long userHz);

/// The three load averages of /proc/loadavg.
Result<LoadAverage> parseLoadavg(std::string_view loadavg);

/// MemTotal and MemAvailable of /proc/meminfo, in bytes (the kernel prints kB = KiB).
Result<MemoryBytes> parseMeminfo(std::string_view meminfo);

/// Every interface of /proc/net/dev, in file order.
Result<std::vector<InterfaceCounters>> parseNetDev(std::string_view netDev);

/// The devices of /proc/diskstats for which isWholeDisk(name) holds, in file order. Sector
/// counts are in 512-byte units whatever the device's sector size.
Result<std::vector<DiskCounters>> parseDiskstats(
    std::string_view diskstats, const std::function<bool(std::string_view)>& isWholeDisk);

/// Name rules for a whole, real disk when /sys/block cannot be consulted: false for partitions
/// (sda1, vda2, xvdb3, nvme0n1p1, mmcblk0p1) and for memory/loop devices (ram*, zram*, loop*,
/// fd*), true otherwise (sda, vda, nvme0n1, mmcblk0, dm-0, md0, ...).
bool isWholeDiskName(std::string_view name);

/// Loop, RAM and floppy devices: whole block devices that hold no data worth watching.
bool isVirtualDiskName(std::string_view name);

}  // namespace cb::agent
