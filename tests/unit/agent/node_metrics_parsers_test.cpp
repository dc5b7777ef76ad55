// Node metrics parsers over the /proc files captured on the development machine
// (tests/data/README.md, section proc): exact figures from the captured text.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "metrics/node_metrics.hpp"

namespace fs = std::filesystem;
using namespace cb::agent;

namespace {

const fs::path kProc = fs::path(CB_TEST_DATA) / "proc";

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_SUITE("agent/metrics") {
  TEST_CASE("node metrics: /proc/stat cpu line becomes seconds per mode at USER_HZ") {
    auto cpu = parseProcStatCpu(slurp(kProc / "stat"), 100);
    REQUIRE_MESSAGE(cpu.ok(), cpu.error());
    // cpu  1648999 0 153027 327819 4017 0 6946 9358 0 0
    const std::vector<std::pair<std::string, double>> expected{
        {"user", 16489.99}, {"nice", 0}, {"system", 1530.27}, {"idle", 3278.19},
        {"iowait", 40.17},  {"irq", 0},  {"softirq", 69.46},  {"steal", 93.58}};
    REQUIRE(cpu->size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(i);
      CHECK((*cpu)[i].mode == expected[i].first);
      CHECK((*cpu)[i].seconds == doctest::Approx(expected[i].second));
    }
    // Another USER_HZ scales every mode.
    auto at250 = parseProcStatCpu(slurp(kProc / "stat"), 250);
    REQUIRE(at250.ok());
    CHECK((*at250)[0].seconds == doctest::Approx(1648999.0 / 250));
  }

  TEST_CASE("node metrics: /proc/stat without a usable cpu line is an error") {
    const std::string stat = slurp(kProc / "stat");
    const auto perCpu = stat.find("cpu0");
    REQUIRE(perCpu != std::string::npos);
    auto noAggregate = parseProcStatCpu(stat.substr(perCpu), 100);
    REQUIRE_FALSE(noAggregate.ok());
    CHECK(noAggregate.error().find("no aggregate cpu line") != std::string::npos);

    auto shortLine = parseProcStatCpu("cpu  1 2 3\n", 100);
    REQUIRE_FALSE(shortLine.ok());
    CHECK(shortLine.error().find("fewer than 4") != std::string::npos);
    auto garbage = parseProcStatCpu("cpu  1 2 x 4\n", 100);
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().find("system") != std::string::npos);
    CHECK_FALSE(parseProcStatCpu(stat, 0).ok());
    // Old kernels print fewer modes: those present are reported.
    auto old = parseProcStatCpu("cpu  100 0 50 200\n", 100);
    REQUIRE(old.ok());
    CHECK(old->size() == 4);
    CHECK(old->back().mode == "idle");
  }

  TEST_CASE("node metrics: /proc/loadavg") {
    auto load = parseLoadavg(slurp(kProc / "loadavg"));  // 2.03 1.28 1.67 4/113 6274
    REQUIRE_MESSAGE(load.ok(), load.error());
    CHECK(load->load1 == doctest::Approx(2.03));
    CHECK(load->load5 == doctest::Approx(1.28));
    CHECK(load->load15 == doctest::Approx(1.67));
    CHECK_FALSE(parseLoadavg("").ok());
    CHECK_FALSE(parseLoadavg("2.03 nan 1.67 4/113 6274\n").ok());
  }

  TEST_CASE("node metrics: /proc/meminfo MemTotal and MemAvailable in bytes") {
    const std::string meminfo = slurp(kProc / "meminfo");
    auto mem = parseMeminfo(meminfo);
    REQUIRE_MESSAGE(mem.ok(), mem.error());
    CHECK(mem->total == 24682416ull * 1024);
    CHECK(mem->available == 23554120ull * 1024);

    // Without its MemAvailable line (kernels before 3.14 have none): named in the error.
    const auto at = meminfo.find("MemAvailable");
    REQUIRE(at != std::string::npos);
    const std::string without = meminfo.substr(0, at) + meminfo.substr(meminfo.find('\n', at) + 1);
    auto missing = parseMeminfo(without);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().find("MemAvailable") != std::string::npos);
    auto noUnit = parseMeminfo("MemTotal: 10\nMemAvailable: 5 kB\n");
    REQUIRE_FALSE(noUnit.ok());
    CHECK(noUnit.error().find("MemTotal") != std::string::npos);
  }

  TEST_CASE("node metrics: /proc/net/dev bytes and packets per interface") {
    auto ifs = parseNetDev(slurp(kProc / "net" / "dev"));
    REQUIRE_MESSAGE(ifs.ok(), ifs.error());
    REQUIRE(ifs->size() == 4);
    CHECK((*ifs)[0].name == "lo");
    CHECK((*ifs)[0].rxBytes == 63610078345ull);
    CHECK((*ifs)[0].rxPackets == 10597851ull);
    CHECK((*ifs)[0].txBytes == 63610078345ull);
    CHECK((*ifs)[0].txPackets == 10597851ull);
    CHECK((*ifs)[1].name == "ifb0");
    CHECK((*ifs)[1].rxBytes == 0);
    CHECK((*ifs)[2].name == "ifb1");
    CHECK((*ifs)[3].name == "eth0");
    CHECK((*ifs)[3].rxBytes == 209418570ull);
    CHECK((*ifs)[3].rxPackets == 6754ull);
    CHECK((*ifs)[3].txBytes == 386508ull);
    CHECK((*ifs)[3].txPackets == 5079ull);
  }

  TEST_CASE("node metrics: malformed /proc/net/dev is an error naming the line") {
    const std::string netDev = slurp(kProc / "net" / "dev");
    CHECK_FALSE(parseNetDev("").ok());
    CHECK_FALSE(parseNetDev(netDev.substr(netDev.find('\n') + 1)).ok());  // one header line
    // A line cut short (a truncated read).
    const auto eth0 = netDev.find("eth0");
    REQUIRE(eth0 != std::string::npos);
    auto cut = parseNetDev(netDev.substr(0, eth0 + 30));
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().find("eth0") != std::string::npos);
  }

  TEST_CASE("node metrics: /proc/diskstats whole disks, sectors of 512 bytes") {
    auto disks = parseDiskstats(slurp(kProc / "diskstats"), isWholeDiskName);
    REQUIRE_MESSAGE(disks.ok(), disks.error());
    // loop0..7 and zram0 are left out by name; vda stays.
    REQUIRE(disks->size() == 1);
    const auto& vda = disks->front();
    CHECK(vda.name == "vda");
    CHECK(vda.reads == 233726ull);
    CHECK(vda.readBytes == 8093080ull * 512);
    CHECK(vda.writes == 2337760ull);
    CHECK(vda.writtenBytes == 181843160ull * 512);

    // The predicate decides: accepting everything gives every line of the file.
    auto all = parseDiskstats(slurp(kProc / "diskstats"), [](std::string_view) { return true; });
    REQUIRE(all.ok());
    CHECK(all->size() == 10);
    CHECK(all->front().name == "loop0");

    auto cut = parseDiskstats("   7       0 loop0 0 0 0\n", isWholeDiskName);
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().find("loop0") != std::string::npos);
  }

  TEST_CASE("node metrics: whole-disk name rules") {
    for (const char* whole : {"sda", "vda", "xvdb", "hdc", "sdaa", "nvme0n1", "mmcblk0", "dm-0",
                              "md0", "nbd3", "sr0"}) {
      CAPTURE(whole);
      CHECK(isWholeDiskName(whole));
    }
    for (const char* part : {"sda1", "vda2", "xvdb3", "hdc15", "sdaa7", "nvme0n1p1", "mmcblk0p2",
                             "md0p1", "nbd3p1", "loop0", "loop12", "ram0", "zram0", "fd0", ""}) {
      CAPTURE(part);
      CHECK_FALSE(isWholeDiskName(part));
    }
    CHECK(isVirtualDiskName("loop7"));
    CHECK(isVirtualDiskName("zram0"));
    CHECK_FALSE(isVirtualDiskName("loopy"));
    CHECK_FALSE(isVirtualDiskName("vda"));
  }
}
