#pragma once
// Node facts the agent reports when it registers (DESIGN §1): pure parsers over file contents plus
// one collector that reads a root tree and asks the kernel for the rest.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "facts/virt_detect.hpp"

namespace cb::agent {

struct Facts {
  std::string hostname;
  /// "198.18.0.2/24", "fd00::2/64": every non-loopback IPv4 and IPv6 address (link-local
  /// included), in getifaddrs() order, without duplicates.
  std::vector<std::string> addresses;
  std::uint32_t cpuCount = 0;
  std::string cpuModel;
  std::uint64_t memoryBytes = 0;
  /// Kernel release, as `uname -r` prints it.
  std::string kernel;
  Virt virt;
  /// PRETTY_NAME of os-release, e.g. "Debian GNU/Linux 12 (bookworm)".
  std::string os;
  /// "02:42:ac:11:00:02": non-loopback, non-zero 6-byte MACs, lowercase, without duplicates.
  std::vector<std::string> macs;
  /// Non-loopback interface names ("eth0").
  std::vector<std::string> interfaces;
};

// Pure parsers. None fails: a missing or malformed field gives the empty/zero value.

/// The CPU's name from /proc/cpuinfo: "model name" (x86), else "Processor" (32-bit ARM), "cpu
/// model" (MIPS), "cpu" (POWER), "uarch" (RISC-V); "" when none is present (e.g. most arm64
/// kernels).
std::string parseCpuModel(std::string_view cpuinfo);

/// Number of "processor" entries in /proc/cpuinfo (online CPUs); 0 when there are none.
std::uint32_t parseCpuCount(std::string_view cpuinfo);

/// MemTotal of /proc/meminfo in bytes (the kernel prints kB = KiB); 0 when absent or malformed.
std::uint64_t parseMemTotalBytes(std::string_view meminfo);

/// PRETTY_NAME of an os-release(5) file, unquoted and unescaped as the shell would; "" when
/// absent. The last assignment wins.
std::string parseOsPrettyName(std::string_view osRelease);

/// Collects the facts of the machine whose files are under root ("/" on a real node).
/// From files under root: proc/sys/kernel/{hostname,osrelease} (uname() when missing),
/// proc/cpuinfo (std::thread::hardware_concurrency() when it lists no CPU; cpuCount is >= 1),
/// proc/meminfo, etc/os-release then usr/lib/os-release ("Linux" when neither has PRETTY_NAME,
/// the os-release(5) default), and detectVirt(root). addresses and macs always describe the live
/// network namespace (getifaddrs()). Never fails; blocking file reads only.
Facts collectFacts(const std::filesystem::path& root = "/");

}  // namespace cb::agent
