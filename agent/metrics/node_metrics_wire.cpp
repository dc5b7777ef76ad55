#include "metrics/node_metrics_wire.hpp"

#include "wire/envelope.hpp"

namespace cb::agent {

void writeNodeMetrics(const NodeMetricsSample& s, const std::string& nodeId,
                      std::int64_t timestampMs, proto::NodeMetrics::Builder out) {
  out.setNodeId(nodeId);
  out.setTimestampMs(timestampMs);
  auto cpu = out.initCpu(static_cast<unsigned>(s.cpu.size()));
  for (unsigned i = 0; i < s.cpu.size(); ++i) {
    cpu[i].setMode(s.cpu[i].mode);
    cpu[i].setSeconds(s.cpu[i].seconds);
  }
  out.setLoad1(s.load.load1);
  out.setLoad5(s.load.load5);
  out.setLoad15(s.load.load15);
  out.setMemoryTotalBytes(s.memory.total);
  out.setMemoryAvailableBytes(s.memory.available);
  auto ifs = out.initInterfaces(static_cast<unsigned>(s.interfaces.size()));
  for (unsigned i = 0; i < s.interfaces.size(); ++i) {
    const auto& c = s.interfaces[i];
    ifs[i].setName(c.name);
    ifs[i].setRxBytes(c.rxBytes);
    ifs[i].setTxBytes(c.txBytes);
    ifs[i].setRxPackets(c.rxPackets);
    ifs[i].setTxPackets(c.txPackets);
  }
  auto disks = out.initDisks(static_cast<unsigned>(s.disks.size()));
  for (unsigned i = 0; i < s.disks.size(); ++i) {
    const auto& d = s.disks[i];
    disks[i].setName(d.name);
    disks[i].setReadBytes(d.readBytes);
    disks[i].setWrittenBytes(d.writtenBytes);
    disks[i].setReads(d.reads);
    disks[i].setWrites(d.writes);
  }
}

std::string encodeNodeMetrics(const NodeMetricsSample& sample, const std::string& nodeId,
                              std::int64_t timestampMs) {
  return wire::buildEnvelope(0, [&](proto::Envelope::Body::Builder body) {
    writeNodeMetrics(sample, nodeId, timestampMs, body.initNodeMetrics());
  });
}

}  // namespace cb::agent
