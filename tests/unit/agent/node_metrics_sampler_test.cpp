// The node metrics sampler over tests/data as a root (the captured /proc files), over temporary
// trees with and without sys/block, and over this machine; plus the nodeMetrics wire message.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <thread>

#include "metrics/node_metrics_wire.hpp"
#include "metrics/node_sampler.hpp"
#include "wire/envelope.hpp"

namespace fs = std::filesystem;
using namespace cb::agent;

namespace {

const fs::path kData = fs::path(CB_TEST_DATA);

/// A copy of the captured proc files under a fresh temporary root, removed on destruction.
class CapturedRoot {
 public:
  CapturedRoot() {
    std::string tmpl = (fs::temp_directory_path() / "cb-nodemetrics-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root_ = tmpl;
    fs::copy(kData / "proc", root_ / "proc", fs::copy_options::recursive);
  }
  ~CapturedRoot() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  CapturedRoot(const CapturedRoot&) = delete;
  CapturedRoot& operator=(const CapturedRoot&) = delete;
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

std::vector<std::string> diskNames(const NodeMetricsSample& s) {
  std::vector<std::string> names;
  for (const auto& d : s.disks) names.push_back(d.name);
  return names;
}

double cpuTotal(const NodeMetricsSample& s) {
  return std::accumulate(s.cpu.begin(), s.cpu.end(), 0.0,
                         [](double sum, const CpuModeSeconds& c) { return sum + c.seconds; });
}

}  // namespace

TEST_SUITE("agent/metrics") {
  TEST_CASE("node sampler: the captured tree gives every part and no problem") {
    auto r = sampleNodeMetrics(kData, 100);
    INFO("problems: " << (r.problems.empty() ? "" : r.problems.front()));
    CHECK(r.problems.empty());
    CHECK(r.sample.cpu.size() == 8);
    CHECK(cpuTotal(r.sample) ==
          doctest::Approx((1648999 + 153027 + 327819 + 4017 + 6946 + 9358) / 100.0));
    CHECK(r.sample.load.load15 == doctest::Approx(1.67));
    CHECK(r.sample.memory.total == 24682416ull * 1024);
    CHECK(r.sample.interfaces.size() == 4);
    // No sys/block under tests/data: name rules keep vda only.
    CHECK(diskNames(r.sample) == std::vector<std::string>{"vda"});
  }

  TEST_CASE("node sampler: sys/block decides which devices are whole disks") {
    CapturedRoot t;
    fs::create_directories(t.root() / "sys" / "block" / "loop0");
    fs::create_directories(t.root() / "sys" / "block" / "zram0");
    // Only loop and zram devices listed: vda is not a whole disk here, loop/zram never are.
    auto none = sampleNodeMetrics(t.root(), 100);
    CHECK(none.problems.empty());
    CHECK(none.sample.disks.empty());

    fs::create_directories(t.root() / "sys" / "block" / "vda");
    auto vda = sampleNodeMetrics(t.root(), 100);
    CHECK(diskNames(vda.sample) == std::vector<std::string>{"vda"});
    CHECK(vda.sample.disks.front().writtenBytes == 181843160ull * 512);
  }

  TEST_CASE("node sampler: a missing or broken file is a problem, the other parts still come") {
    CapturedRoot t;
    fs::remove(t.root() / "proc" / "diskstats");
    {
      std::ofstream broken(t.root() / "proc" / "loadavg", std::ios::trunc);
      broken << "not a load average\n";
    }
    auto r = sampleNodeMetrics(t.root(), 100);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].find("/proc/loadavg") != std::string::npos);
    CHECK(r.problems[1].find("diskstats") != std::string::npos);
    CHECK(r.sample.disks.empty());
    CHECK(r.sample.load.load1 == 0);
    CHECK(r.sample.cpu.size() == 8);
    CHECK(r.sample.memory.available == 23554120ull * 1024);
    CHECK(r.sample.interfaces.size() == 4);
  }

  TEST_CASE("node sampler: this machine, twice; counters never go down") {
    const long hz = ::sysconf(_SC_CLK_TCK);
    REQUIRE(hz > 0);
    auto first = sampleNodeMetrics("/", hz);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto second = sampleNodeMetrics("/", hz);
    INFO("problems: " << (second.problems.empty() ? "" : second.problems.front()));
    CHECK(first.problems.empty());
    CHECK(second.problems.empty());
    REQUIRE(second.sample.cpu.size() >= 4);
    REQUIRE(first.sample.cpu.size() == second.sample.cpu.size());
    CHECK(cpuTotal(second.sample) > cpuTotal(first.sample));
    for (std::size_t i = 0; i < first.sample.cpu.size(); ++i) {
      CHECK(second.sample.cpu[i].seconds >= first.sample.cpu[i].seconds);
    }
    CHECK(second.sample.memory.total > 0);
    CHECK(second.sample.memory.available > 0);
    CHECK(second.sample.memory.available <= second.sample.memory.total);
    CHECK(second.sample.load.load1 >= 0);
    std::vector<std::string> interfaces;
    for (const auto& i : second.sample.interfaces) interfaces.push_back(i.name);
    CHECK(std::count(interfaces.begin(), interfaces.end(), "lo") == 1);
    for (const auto& d : second.sample.disks) {
      CAPTURE(d.name);
      CHECK(fs::exists(fs::path("/sys/block") / d.name));
      CHECK_FALSE(isVirtualDiskName(d.name));
    }
  }

  TEST_CASE("node metrics wire: the envelope carries every figure") {
    auto r = sampleNodeMetrics(kData, 100);
    const std::string nodeId(32, 'a');
    const std::string bytes = encodeNodeMetrics(r.sample, nodeId, 1700000000123);
    auto in = cb::wire::readEnvelope(bytes);
    REQUIRE_MESSAGE(in.ok(), in.error());
    auto body = in->envelope.getBody();
    REQUIRE(body.which() == cb::proto::Envelope::Body::NODE_METRICS);
    CHECK(in->envelope.getRequestId() == 0);
    auto m = body.getNodeMetrics();
    CHECK(std::string(m.getNodeId().cStr()) == nodeId);
    CHECK(m.getTimestampMs() == 1700000000123);
    REQUIRE(m.getCpu().size() == 8);
    CHECK(std::string(m.getCpu()[2].getMode().cStr()) == "system");
    CHECK(m.getCpu()[2].getSeconds() == doctest::Approx(1530.27));
    CHECK(m.getLoad1() == doctest::Approx(2.03));
    CHECK(m.getLoad5() == doctest::Approx(1.28));
    CHECK(m.getLoad15() == doctest::Approx(1.67));
    CHECK(m.getMemoryTotalBytes() == 24682416ull * 1024);
    CHECK(m.getMemoryAvailableBytes() == 23554120ull * 1024);
    REQUIRE(m.getInterfaces().size() == 4);
    auto eth0 = m.getInterfaces()[3];
    CHECK(std::string(eth0.getName().cStr()) == "eth0");
    CHECK(eth0.getRxBytes() == 209418570ull);
    CHECK(eth0.getTxBytes() == 386508ull);
    CHECK(eth0.getRxPackets() == 6754ull);
    CHECK(eth0.getTxPackets() == 5079ull);
    REQUIRE(m.getDisks().size() == 1);
    auto vda = m.getDisks()[0];
    CHECK(std::string(vda.getName().cStr()) == "vda");
    CHECK(vda.getReadBytes() == 8093080ull * 512);
    CHECK(vda.getWrittenBytes() == 181843160ull * 512);
    CHECK(vda.getReads() == 233726ull);
    CHECK(vda.getWrites() == 2337760ull);
  }
}
