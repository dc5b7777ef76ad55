// The pure parsers declared in node_metrics.hpp.
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "facts/root_files.hpp"
#include "facts/text_fields.hpp"
#include "metrics/node_metrics.hpp"

namespace cb::agent {
namespace {

constexpr std::array<std::string_view, 8> kCpuModes{"user",   "nice", "system",  "idle",
                                                    "iowait", "irq",  "softirq", "steal"};

/// Blank-separated words of one line.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

/// Lines of text without their '\n'; a final line without '\n' counts too.
std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

bool toU64(std::string_view word, std::uint64_t& out) {
  const char* last = word.data() + word.size();
  const auto [end, ec] = std::from_chars(word.data(), last, out);
  return ec == std::errc{} && end == last && !word.empty();
}

bool toDouble(std::string_view word, double& out) {
  const char* last = word.data() + word.size();
  const auto [end, ec] = std::from_chars(word.data(), last, out);
  return ec == std::errc{} && end == last && !word.empty() && std::isfinite(out);
}

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// A kB value of /proc/meminfo ("24682416 kB") in bytes.
Result<std::uint64_t> meminfoBytes(std::string_view meminfo, std::string_view key) {
  const auto value = firstFieldValue(meminfo, key);
  if (!value) return fail("/proc/meminfo: no " + std::string(key) + " line");
  const auto w = words(*value);
  std::uint64_t kib = 0;
  if (w.size() != 2 || w[1] != "kB" || !toU64(w[0], kib)) {
    return fail("/proc/meminfo: " + std::string(key) + " is not '<number> kB': '" +
                std::string(*value) + "'");
  }
  return kib * 1024;
}

}  // namespace

Result<std::vector<CpuModeSeconds>> parseProcStatCpu(std::string_view stat, long userHz) {
  if (userHz <= 0) return fail("/proc/stat: USER_HZ must be positive");
  for (auto line : lines(stat)) {
    const auto w = words(line);
    if (w.empty() || w[0] != "cpu") continue;
    if (w.size() < 5) return fail("/proc/stat: the cpu line has fewer than 4 counters");
    std::vector<CpuModeSeconds> out;
    for (std::size_t i = 0; i < kCpuModes.size() && i + 1 < w.size(); ++i) {
      std::uint64_t ticks = 0;
      if (!toU64(w[i + 1], ticks)) {
        return fail("/proc/stat: cpu " + std::string(kCpuModes[i]) + " is not a number: '" +
                    std::string(w[i + 1]) + "'");
      }
      out.push_back(
          {std::string(kCpuModes[i]), static_cast<double>(ticks) / static_cast<double>(userHz)});
    }
    return out;
  }
  return fail("/proc/stat: no aggregate cpu line");
}

Result<LoadAverage> parseLoadavg(std::string_view loadavg) {
  const auto w = words(firstLine(loadavg));
  LoadAverage out;
  if (w.size() < 3 || !toDouble(w[0], out.load1) || !toDouble(w[1], out.load5) ||
      !toDouble(w[2], out.load15)) {
    return fail("/proc/loadavg: expected three load averages, got '" +
                std::string(firstLine(loadavg)) + "'");
  }
  return out;
}

Result<MemoryBytes> parseMeminfo(std::string_view meminfo) {
  auto total = meminfoBytes(meminfo, "MemTotal");
  if (!total) return fail(total.error());
  auto available = meminfoBytes(meminfo, "MemAvailable");
  if (!available) return fail(available.error());
  return MemoryBytes{*total, *available};
}

Result<std::vector<InterfaceCounters>> parseNetDev(std::string_view netDev) {
  std::vector<InterfaceCounters> out;
  const auto all = lines(netDev);
  if (all.size() < 2 || all[0].find("Receive") == std::string_view::npos) {
    return fail("/proc/net/dev: missing the two header lines");
  }
  for (std::size_t i = 2; i < all.size(); ++i) {
    const auto line = all[i];
    if (trimBlanks(line).empty()) continue;
    const auto colon = line.find(':');  // interface names cannot contain ':'
    if (colon == std::string_view::npos) {
      return fail("/proc/net/dev: no ':' in '" + std::string(line) + "'");
    }
    const auto name = trimBlanks(line.substr(0, colon));
    const auto w = words(line.substr(colon + 1));
    // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes packets ...
    InterfaceCounters c{std::string(name)};
    if (name.empty() || w.size() < 16 || !toU64(w[0], c.rxBytes) || !toU64(w[1], c.rxPackets) ||
        !toU64(w[8], c.txBytes) || !toU64(w[9], c.txPackets)) {
      return fail("/proc/net/dev: malformed line '" + std::string(line) + "'");
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<DiskCounters>> parseDiskstats(
    std::string_view diskstats, const std::function<bool(std::string_view)>& isWholeDisk) {
  constexpr std::uint64_t kSectorBytes = 512;
  std::vector<DiskCounters> out;
  for (auto line : lines(diskstats)) {
    const auto w = words(line);
    if (w.empty()) continue;
    // major minor name reads merged sectors ms writes merged sectors ms ...
    std::uint64_t sectorsRead = 0, sectorsWritten = 0;
    DiskCounters d;
    if (w.size() < 14 || !allDigits(w[0]) || !allDigits(w[1]) || !toU64(w[3], d.reads) ||
        !toU64(w[5], sectorsRead) || !toU64(w[7], d.writes) || !toU64(w[9], sectorsWritten)) {
      return fail("/proc/diskstats: malformed line '" + std::string(line) + "'");
    }
    if (!isWholeDisk(w[2])) continue;
    d.name = std::string(w[2]);
    d.readBytes = sectorsRead * kSectorBytes;
    d.writtenBytes = sectorsWritten * kSectorBytes;
    out.push_back(std::move(d));
  }
  return out;
}

bool isVirtualDiskName(std::string_view name) {
  for (std::string_view prefix : {"loop", "ram", "zram", "fd"}) {
    if (startsWith(name, prefix) && allDigits(name.substr(prefix.size()))) return true;
  }
  return false;
}

bool isWholeDiskName(std::string_view name) {
  if (name.empty() || isVirtualDiskName(name)) return false;
  // <digits>p<digits>: partitions of nvme0n1, mmcblk0, md0, nbd0, loop0 ...
  const auto p = name.rfind('p');
  if (p != std::string_view::npos && p > 0 && allDigits(name.substr(p + 1)) &&
      std::isdigit(static_cast<unsigned char>(name[p - 1]))) {
    return false;
  }
  // sd/vd/hd/xvd + letters + digits: partitions of SCSI, virtio, IDE and Xen disks.
  for (std::string_view prefix : {"sd", "vd", "hd", "xvd"}) {
    if (!startsWith(name, prefix)) continue;
    std::size_t i = prefix.size();
    while (i < name.size() && name[i] >= 'a' && name[i] <= 'z') ++i;
    if (i > prefix.size() && allDigits(name.substr(i))) return false;
  }
  return true;
}

}  // namespace cb::agent
