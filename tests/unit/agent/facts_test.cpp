// Facts parsers over files captured on real systems (tests/data/facts/README.md), and
// collectFacts over those trees and over this machine.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "facts/facts.hpp"
#include "facts/net_interfaces.hpp"

namespace fs = std::filesystem;
using namespace cb::agent;

namespace {

const fs::path kFacts = fs::path(CB_TEST_DATA) / "facts";
const fs::path kMicrovm = kFacts / "firecracker-microvm" / "root";

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// An empty root under a fresh temporary directory, removed on destruction.
class TempRoot {
 public:
  TempRoot() {
    std::string tmpl = (fs::temp_directory_path() / "cb-facts-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root_ = tmpl;
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

bool looksLikeMac(const std::string& mac) {
  if (mac.size() != 17) return false;
  for (std::size_t i = 0; i < mac.size(); ++i) {
    const char c = mac[i];
    if (i % 3 == 2 ? c != ':' : !(std::isdigit(c) || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("cpuinfo of the Firecracker microVM") {
  const std::string cpuinfo = slurp(kMicrovm / "proc/cpuinfo");
  CHECK(parseCpuModel(cpuinfo) == "Intel(R) Xeon(R) Processor");
  CHECK(parseCpuCount(cpuinfo) == 2);
}

TEST_CASE("parseCpuModel falls back to other architectures' keys") {
  CHECK(parseCpuModel("processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\n") ==
        "POWER9 (architected), altivec supported");
  CHECK(parseCpuModel("Processor\t: ARMv7 Processor rev 4 (v7l)\nprocessor\t: 0\n") ==
        "ARMv7 Processor rev 4 (v7l)");
  CHECK(parseCpuModel("processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n").empty());
  CHECK(parseCpuModel("").empty());
  CHECK(parseCpuCount("") == 0);
  CHECK(parseCpuCount("processor\t: 0\nprocessor\t: 1\nprocessor\t: 2\n") == 3);
}

TEST_CASE("meminfo") {
  CHECK(parseMemTotalBytes(slurp(kMicrovm / "proc/meminfo")) == 24682416ULL * 1024);
  CHECK(parseMemTotalBytes("MemTotal:        2048 kB\nMemFree: 1 kB\n") == 2048ULL * 1024);
  CHECK(parseMemTotalBytes("MemFree:         2048 kB\n") == 0);
  CHECK(parseMemTotalBytes("MemTotal:        lots kB\n") == 0);
  CHECK(parseMemTotalBytes("MemTotal:        2048 MB\n") == 0);
  CHECK(parseMemTotalBytes("MemTotal: 99999999999999999999 kB\n") == 0);
}

TEST_CASE("os-release") {
  const std::string debian = "Debian GNU/Linux 12 (bookworm)";
  CHECK(parseOsPrettyName(slurp(kMicrovm / "etc/os-release")) == debian);
  CHECK(parseOsPrettyName(slurp(kFacts / "podman-runc/root/etc/os-release")) == debian);
  CHECK(parseOsPrettyName("NAME=Foo\nPRETTY_NAME='Foo \"1\"'\n") == "Foo \"1\"");
  CHECK(parseOsPrettyName("PRETTY_NAME=\"Say \\\"hi\\\" \\$5 a\\b\"\n") == "Say \"hi\" $5 a\\b");
  CHECK(parseOsPrettyName("PRETTY_NAME=Plain\\ Name # comment\n") == "Plain Name");
  CHECK(parseOsPrettyName("# PRETTY_NAME=\"No\"\nNAME=x\n").empty());
  CHECK(parseOsPrettyName("PRETTY_NAME=\"A\"\nPRETTY_NAME=\"B\"\n") == "B");
  CHECK(parseOsPrettyName("").empty());
}

TEST_CASE("interface formatting") {
  const unsigned char mask24[] = {255, 255, 255, 0};
  const unsigned char maskOdd[] = {255, 255, 240, 0};
  CHECK(prefixLength(mask24) == 24);
  CHECK(prefixLength(maskOdd) == 20);
  const unsigned char mac[] = {0x02, 0x42, 0xAC, 0x11, 0x00, 0x02};
  CHECK(formatMac(mac) == "02:42:ac:11:00:02");

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  REQUIRE(inet_pton(AF_INET, "198.18.0.2", &addr.sin_addr) == 1);
  sockaddr_in mask{};
  mask.sin_family = AF_INET;
  REQUIRE(inet_pton(AF_INET, "255.255.255.0", &mask.sin_addr) == 1);
  CHECK(formatCidr(reinterpret_cast<sockaddr*>(&addr), reinterpret_cast<sockaddr*>(&mask)) ==
        "198.18.0.2/24");
  CHECK(formatCidr(reinterpret_cast<sockaddr*>(&addr), nullptr) == "198.18.0.2/32");

  sockaddr_in6 addr6{};
  addr6.sin6_family = AF_INET6;
  REQUIRE(inet_pton(AF_INET6, "fd00::2", &addr6.sin6_addr) == 1);
  sockaddr_in6 mask6{};
  mask6.sin6_family = AF_INET6;
  REQUIRE(inet_pton(AF_INET6, "ffff:ffff:ffff:ffff::", &mask6.sin6_addr) == 1);
  CHECK(formatCidr(reinterpret_cast<sockaddr*>(&addr6), reinterpret_cast<sockaddr*>(&mask6)) ==
        "fd00::2/64");
  sockaddr other{};
  other.sa_family = AF_UNIX;
  CHECK(formatCidr(&other, nullptr) == std::nullopt);
  CHECK(formatCidr(nullptr, nullptr) == std::nullopt);
}

TEST_CASE("collectFacts over captured trees reads everything but the network from the tree") {
  SUBCASE("Firecracker microVM") {
    const Facts f = collectFacts(kMicrovm);
    CHECK(f.hostname == "vm");
    CHECK(f.kernel == "6.18.44-fc-v445");
    CHECK(f.cpuCount == 2);
    CHECK(f.cpuModel == "Intel(R) Xeon(R) Processor");
    CHECK(f.memoryBytes == 24682416ULL * 1024);
    CHECK(f.os == "Debian GNU/Linux 12 (bookworm)");
    CHECK((f.virt.environment == cb::labels::Environment::kContainer));
    CHECK(f.virt.tech == "docker");
  }
  SUBCASE("podman container") {
    const Facts f = collectFacts(kFacts / "podman-runc/root");
    CHECK(f.hostname == "47ec602ff6de");
    CHECK((f.virt.environment == cb::labels::Environment::kContainer));
    CHECK(f.virt.tech == "podman");
  }
  SUBCASE("systemd-nspawn container") {
    const Facts f = collectFacts(kFacts / "systemd-nspawn/root");
    CHECK(f.hostname == "cb-facts-rootfs");
    CHECK(f.virt.tech == "systemd-nspawn");
  }
}

TEST_CASE("collectFacts over an empty tree falls back to the kernel and the defaults") {
  TempRoot t;
  const Facts f = collectFacts(t.root());
  utsname uts{};
  REQUIRE(::uname(&uts) == 0);
  CHECK(f.hostname == uts.nodename);
  CHECK(f.kernel == uts.release);
  CHECK(f.cpuCount >= 1);
  CHECK(f.cpuModel.empty());
  CHECK(f.memoryBytes == 0);
  CHECK(f.os == "Linux");
  CHECK((f.virt.environment == cb::labels::Environment::kBare));
  CHECK(f.virt.tech == "none");
}

TEST_CASE("collectFacts(\"/\") on this machine") {
  const Facts f = collectFacts("/");
  CHECK(!f.hostname.empty());
  CHECK(f.cpuCount >= 1);
  CHECK(f.cpuCount <= 4096);
  CHECK(f.memoryBytes > 64ULL * 1024 * 1024);
  CHECK(!f.kernel.empty());
  CHECK(!f.os.empty());
  CHECK(!f.virt.tech.empty());
  for (const auto& a : f.addresses) {
    CAPTURE(a);
    const auto slash = a.find('/');
    REQUIRE(slash != std::string::npos);
    CHECK(a.substr(0, slash) != "127.0.0.1");
    CHECK(a.substr(0, slash) != "::1");
    const int prefix = std::stoi(a.substr(slash + 1));
    CHECK(prefix >= 0);
    CHECK(prefix <= (a.find(':') == std::string::npos ? 32 : 128));
  }
  for (const auto& m : f.macs) {
    CAPTURE(m);
    CHECK(looksLikeMac(m));
    CHECK(m != "00:00:00:00:00:00");
  }
  CHECK(std::adjacent_find(f.macs.begin(), f.macs.end()) == f.macs.end());
  MESSAGE("this machine: ", f.hostname, ", ", f.cpuCount, " x ", f.cpuModel, ", ", f.memoryBytes,
          " B, ", f.kernel, ", ", f.os, ", ", cb::labels::toString(f.virt.environment), "/",
          f.virt.tech, ", ", f.addresses.size(), " addresses, ", f.macs.size(), " MACs");
}
