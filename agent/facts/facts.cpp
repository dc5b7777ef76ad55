// collectFacts: the side-effecting walker; parsing is in facts_parsers.cpp.
#include "facts/facts.hpp"

#include <sys/utsname.h>

#include <thread>
#include <utility>

#include "facts/net_interfaces.hpp"
#include "facts/root_files.hpp"

namespace cb::agent {
namespace {

/// First line of root/relPath, or fallback when the file is missing or its first line is empty.
std::string firstLineOr(const std::filesystem::path& root, std::string_view relPath,
                        std::string fallback) {
  if (auto text = readUnder(root, relPath)) {
    if (auto line = firstLine(*text); !line.empty()) return std::string(line);
  }
  return fallback;
}

}  // namespace

Facts collectFacts(const std::filesystem::path& root) {
  Facts facts;

  struct utsname uts {};
  const bool haveUname = ::uname(&uts) == 0;
  facts.hostname = firstLineOr(root, "proc/sys/kernel/hostname", haveUname ? uts.nodename : "");
  facts.kernel = firstLineOr(root, "proc/sys/kernel/osrelease", haveUname ? uts.release : "");

  const std::string cpuinfo = readUnder(root, "proc/cpuinfo").value_or("");
  facts.cpuModel = parseCpuModel(cpuinfo);
  facts.cpuCount = parseCpuCount(cpuinfo);
  if (facts.cpuCount == 0) facts.cpuCount = std::thread::hardware_concurrency();
  if (facts.cpuCount == 0) facts.cpuCount = 1;  // we are running on at least one

  facts.memoryBytes = parseMemTotalBytes(readUnder(root, "proc/meminfo").value_or(""));

  for (std::string_view file : {"etc/os-release", "usr/lib/os-release"}) {
    if (auto text = readUnder(root, file)) {
      facts.os = parseOsPrettyName(*text);
      break;  // os-release(5): /etc/os-release, when present, is the only one read
    }
  }
  if (facts.os.empty()) facts.os = "Linux";

  facts.virt = detectVirt(root);

  InterfaceAddresses nics = listInterfaceAddresses();
  facts.addresses = std::move(nics.addresses);
  facts.macs = std::move(nics.macs);
  facts.interfaces = std::move(nics.names);
  return facts;
}

}  // namespace cb::agent
