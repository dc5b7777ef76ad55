#include "metrics/node_sampler.hpp"

#include "facts/root_files.hpp"

namespace cb::agent {
namespace {

/// Applies parse to root/relPath; a missing file or a parse error becomes a problem.
template <typename Parse, typename Store>
void readInto(const std::filesystem::path& root, std::string_view relPath, Parse&& parse,
              Store&& store, std::vector<std::string>& problems) {
  const auto text = readUnder(root, relPath);
  if (!text) {
    problems.push_back("cannot read " + (root / relPath).string());
    return;
  }
  auto parsed = parse(*text);
  if (!parsed) {
    problems.push_back(parsed.error());
    return;
  }
  store(std::move(*parsed));
}

}  // namespace

NodeMetricsReading sampleNodeMetrics(const std::filesystem::path& root, long userHz) {
  NodeMetricsReading r;
  auto& s = r.sample;
  readInto(
      root, "proc/stat", [&](const std::string& t) { return parseProcStatCpu(t, userHz); },
      [&](auto v) { s.cpu = std::move(v); }, r.problems);
  readInto(
      root, "proc/loadavg", [](const std::string& t) { return parseLoadavg(t); },
      [&](auto v) { s.load = v; }, r.problems);
  readInto(
      root, "proc/meminfo", [](const std::string& t) { return parseMeminfo(t); },
      [&](auto v) { s.memory = v; }, r.problems);
  readInto(
      root, "proc/net/dev", [](const std::string& t) { return parseNetDev(t); },
      [&](auto v) { s.interfaces = std::move(v); }, r.problems);

  const bool haveSysBlock = existsUnder(root, "sys/block");
  auto isWholeDisk = [&](std::string_view name) {
    if (!haveSysBlock) return isWholeDiskName(name);
    if (isVirtualDiskName(name)) return false;
    std::string sysName(name);  // sysfs spells '/' in device names (cciss/c0d0) as '!'
    for (char& c : sysName) c = c == '/' ? '!' : c;
    return existsUnder(root, "sys/block/" + sysName);
  };
  readInto(
      root, "proc/diskstats", [&](const std::string& t) { return parseDiskstats(t, isWholeDisk); },
      [&](auto v) { s.disks = std::move(v); }, r.problems);
  return r;
}

}  // namespace cb::agent
