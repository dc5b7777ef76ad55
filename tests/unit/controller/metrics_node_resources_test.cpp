// What the controller accepts from a nodeMetrics message (readNodeResources) and the families the
// collector builds from it, read straight from Collect().
#include <doctest/doctest.h>

#include <capnp/message.h>

#include <cmath>
#include <limits>
#include <string>

#include <prometheus/metric_family.h>

#include "metrics/node_resource_collector.hpp"
#include "metrics/node_resources.hpp"

using cb::metrics::NodeResources;

namespace {

struct Message {
  capnp::MallocMessageBuilder mb;
  cb::proto::NodeMetrics::Builder m = mb.initRoot<cb::proto::NodeMetrics>();
};

void setCpu(cb::proto::NodeMetrics::Builder m,
            const std::vector<std::pair<std::string, double>>& modes) {
  auto list = m.initCpu(static_cast<unsigned>(modes.size()));
  for (unsigned i = 0; i < modes.size(); ++i) {
    list[i].setMode(modes[i].first);
    list[i].setSeconds(modes[i].second);
  }
}

void setInterfaces(cb::proto::NodeMetrics::Builder m, const std::vector<std::string>& names) {
  auto list = m.initInterfaces(static_cast<unsigned>(names.size()));
  for (unsigned i = 0; i < names.size(); ++i) {
    list[i].setName(names[i]);
    list[i].setRxBytes(1000 + i);
    list[i].setTxBytes(2000 + i);
    list[i].setRxPackets(10 + i);
    list[i].setTxPackets(20 + i);
  }
}

void setDisks(cb::proto::NodeMetrics::Builder m, const std::vector<std::string>& names) {
  auto list = m.initDisks(static_cast<unsigned>(names.size()));
  for (unsigned i = 0; i < names.size(); ++i) {
    list[i].setName(names[i]);
    list[i].setReadBytes(512 * (i + 1));
    list[i].setWrittenBytes(1024 * (i + 1));
    list[i].setReads(3 + i);
    list[i].setWrites(4 + i);
  }
}

template <typename T>
std::vector<std::string> namesOf(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.name);
  return out;
}

const prometheus::MetricFamily* findFamily(const std::vector<prometheus::MetricFamily>& all,
                                           const std::string& name) {
  for (const auto& f : all) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string labelsOf(const prometheus::ClientMetric& m) {
  std::string out;
  for (const auto& l : m.label) out += l.name + "=" + l.value + ";";
  return out;
}

}  // namespace

TEST_SUITE("controller/metrics") {
  TEST_CASE("node resources: figures are taken as sent") {
    Message msg;
    setCpu(msg.m, {{"user", 10.5}, {"system", 2.25}, {"idle", 100}});
    msg.m.setLoad1(0.5);
    msg.m.setLoad5(0.25);
    msg.m.setLoad15(0.125);
    msg.m.setMemoryTotalBytes(8ull << 30);
    msg.m.setMemoryAvailableBytes(6ull << 30);
    setInterfaces(msg.m, {"lo", "eth0"});
    setDisks(msg.m, {"vda"});
    const NodeResources r = cb::metrics::readNodeResources(msg.m.asReader());
    REQUIRE(r.cpu.size() == 3);
    CHECK(r.cpu[0].mode == "user");
    CHECK(r.cpu[0].seconds == 10.5);
    CHECK(r.cpu[2].seconds == 100);
    CHECK(r.load1 == 0.5);
    CHECK(r.load15 == 0.125);
    CHECK(r.memoryTotalBytes == static_cast<double>(8ull << 30));
    CHECK(r.memoryAvailableBytes == static_cast<double>(6ull << 30));
    CHECK(namesOf(r.interfaces) == std::vector<std::string>{"eth0", "lo"});  // sorted
    CHECK(r.interfaces[0].receiveBytes == 1001);
    CHECK(r.interfaces[0].transmitPackets == 21);
    REQUIRE(r.disks.size() == 1);
    CHECK(r.disks[0].readBytes == 512);
    CHECK(r.disks[0].writtenBytes == 1024);
    CHECK(r.disks[0].readsCompleted == 3);
    CHECK(r.disks[0].writesCompleted == 4);
  }

  TEST_CASE("node resources: unknown modes, bad names, repeats and bad numbers are dropped") {
    Message msg;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    setCpu(msg.m,
           {{"user", 1}, {"guest", 5}, {"user", 7}, {"idle", -1}, {"steal", nan}, {"iowait", 3}});
    msg.m.setLoad1(std::numeric_limits<double>::infinity());
    msg.m.setLoad5(-2);
    msg.m.setLoad15(1.5);
    setInterfaces(msg.m, {"eth0", "", "bad name", "quote\"", std::string(65, 'x'), "eth0",
                          "veth1@if2", "br-1.2:3"});
    setDisks(msg.m, {"nvme0n1", "../../etc", "dm-0"});
    const NodeResources r = cb::metrics::readNodeResources(msg.m.asReader());
    REQUIRE(r.cpu.size() == 2);
    CHECK(r.cpu[0].mode == "user");
    CHECK(r.cpu[0].seconds == 1);  // the first report of a mode wins
    CHECK(r.cpu[1].mode == "iowait");
    CHECK(r.load1 == 0);
    CHECK(r.load5 == 0);
    CHECK(r.load15 == 1.5);
    CHECK(namesOf(r.interfaces) == std::vector<std::string>{"br-1.2:3", "eth0", "veth1@if2"});
    CHECK(r.interfaces[1].receiveBytes == 1000);  // the first eth0
    CHECK(namesOf(r.disks) == std::vector<std::string>{"dm-0", "nvme0n1"});
  }

  TEST_CASE("node resources: interfaces and disks are capped per node, first by name") {
    Message msg;
    std::vector<std::string> many;
    for (int i = 0; i < 100; ++i) many.push_back("veth" + std::to_string(1000 + i));
    setInterfaces(msg.m, many);
    setDisks(msg.m, many);
    const NodeResources r = cb::metrics::readNodeResources(msg.m.asReader());
    REQUIRE(r.interfaces.size() == cb::metrics::kMaxInterfacesPerNode);
    REQUIRE(r.disks.size() == cb::metrics::kMaxDisksPerNode);
    CHECK(r.interfaces.front().name == "veth1000");
    CHECK(r.interfaces.back().name == "veth1063");
  }

  TEST_CASE("node resource collector: counter families hold the reported values") {
    cb::metrics::NodeResourceCollector c;
    CHECK(c.Collect().empty());  // no node reported: no family at all

    Message msg;
    setCpu(msg.m, {{"user", 10.5}, {"idle", 100}});
    msg.m.setLoad1(0.5);
    msg.m.setMemoryTotalBytes(4096);
    msg.m.setMemoryAvailableBytes(1024);
    setInterfaces(msg.m, {"eth0"});
    c.set("node-b", cb::metrics::readNodeResources(msg.m.asReader()));
    setDisks(msg.m, {"vda"});
    c.set("node-a", cb::metrics::readNodeResources(msg.m.asReader()));

    const auto all = c.Collect();
    CHECK(all.size() == 14);
    const auto* cpu = findFamily(all, "clusterbench_node_cpu_seconds_total");
    REQUIRE(cpu != nullptr);
    CHECK(cpu->type == prometheus::MetricType::Counter);
    REQUIRE(cpu->metric.size() == 4);
    CHECK(labelsOf(cpu->metric[0]) == "mode=user;node=node-a;");
    CHECK(cpu->metric[0].counter.value == 10.5);
    CHECK(labelsOf(cpu->metric[3]) == "mode=idle;node=node-b;");

    const auto* avail = findFamily(all, "clusterbench_node_memory_available_bytes");
    REQUIRE(avail != nullptr);
    CHECK(avail->type == prometheus::MetricType::Gauge);
    REQUIRE(avail->metric.size() == 2);
    CHECK(avail->metric[0].gauge.value == 1024);

    const auto* written = findFamily(all, "clusterbench_node_disk_written_bytes_total");
    REQUIRE(written != nullptr);
    CHECK(written->type == prometheus::MetricType::Counter);
    REQUIRE(written->metric.size() == 1);  // only node-a has a disk
    CHECK(labelsOf(written->metric[0]) == "device=vda;node=node-a;");
    CHECK(written->metric[0].counter.value == 1024);

    const auto* rx = findFamily(all, "clusterbench_node_network_receive_bytes_total");
    REQUIRE(rx != nullptr);
    CHECK(rx->metric.size() == 2);
    CHECK(labelsOf(rx->metric[1]) == "interface=eth0;node=node-b;");

    // A new report replaces the old one; a removed node is gone.
    c.remove("node-a");
    const auto after = c.Collect();
    CHECK(findFamily(after, "clusterbench_node_disk_written_bytes_total") == nullptr);
    REQUIRE(findFamily(after, "clusterbench_node_load1") != nullptr);
    CHECK(findFamily(after, "clusterbench_node_load1")->metric.size() == 1);
    for (const auto& f : after) {
      for (const auto& m : f.metric) CHECK(labelsOf(m).find("node=node-b;") != std::string::npos);
    }
  }
}
