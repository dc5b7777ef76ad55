#include "wire/node_config_codec.hpp"

namespace cb::wire {

namespace {

void writeTexts(const std::vector<std::string>& values, capnp::List<capnp::Text>::Builder out) {
  for (unsigned i = 0; i < values.size(); ++i) out.set(i, values[i]);
}

std::vector<std::string> readTexts(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (auto t : in) out.emplace_back(t.cStr());
  return out;
}

}  // namespace

void writeNodeConfig(const spec::NodeConfig& c, proto::NodeConfig::Builder out) {
  out.setClusterName(c.clusterName);
  out.setHostname(c.hostname);
  out.setRole(c.role);
  out.setInterface(c.interface);
  out.setAddress(c.address);
  out.setGateway(c.gateway);
  writeTexts(c.dns, out.initDns(static_cast<unsigned>(c.dns.size())));
  auto hosts = out.initHosts(static_cast<unsigned>(c.hosts.size()));
  for (unsigned i = 0; i < c.hosts.size(); ++i) {
    hosts[i].setAddress(c.hosts[i].address);
    writeTexts(c.hosts[i].names,
               hosts[i].initNames(static_cast<unsigned>(c.hosts[i].names.size())));
  }
  out.setNatEnabled(c.natEnabled);
  out.setNatOutInterface(c.natOutInterface);
  out.setNatSource(c.natSource);
  out.setNfsExportEnabled(c.nfsExportEnabled);
  out.setSharedPath(c.sharedPath);
  out.setExportOptions(c.exportOptions);
  writeTexts(c.exportClients, out.initExportClients(static_cast<unsigned>(c.exportClients.size())));
  out.setAutofsEnabled(c.autofsEnabled);
  out.setAutofsMountPoint(c.autofsMountPoint);
  out.setAutofsOptions(c.autofsOptions);
  out.setAutofsSource(c.autofsSource);
  out.setPackagesEnabled(c.packagesEnabled);
  writeTexts(c.packages, out.initPackages(static_cast<unsigned>(c.packages.size())));
}

spec::NodeConfig readNodeConfig(proto::NodeConfig::Reader in) {
  spec::NodeConfig c;
  c.clusterName = in.getClusterName();
  c.hostname = in.getHostname();
  c.role = in.getRole();
  c.interface = in.getInterface();
  c.address = in.getAddress();
  c.gateway = in.getGateway();
  c.dns = readTexts(in.getDns());
  for (auto h : in.getHosts()) {
    c.hosts.push_back(spec::HostEntry{h.getAddress(), readTexts(h.getNames())});
  }
  c.natEnabled = in.getNatEnabled();
  c.natOutInterface = in.getNatOutInterface();
  c.natSource = in.getNatSource();
  c.nfsExportEnabled = in.getNfsExportEnabled();
  c.sharedPath = in.getSharedPath();
  c.exportOptions = in.getExportOptions();
  c.exportClients = readTexts(in.getExportClients());
  c.autofsEnabled = in.getAutofsEnabled();
  c.autofsMountPoint = in.getAutofsMountPoint();
  c.autofsOptions = in.getAutofsOptions();
  c.autofsSource = in.getAutofsSource();
  c.packagesEnabled = in.getPackagesEnabled();
  c.packages = readTexts(in.getPackages());
  return c;
}

std::string outcomeName(proto::ApplyStep::Outcome outcome) {
  switch (outcome) {
    case proto::ApplyStep::Outcome::UNCHANGED:
      return "unchanged";
    case proto::ApplyStep::Outcome::CHANGED:
      return "changed";
    case proto::ApplyStep::Outcome::FAILED:
      return "failed";
    case proto::ApplyStep::Outcome::SKIPPED:
      return "skipped";
  }
  return "unknown";
}

std::vector<ApplyStepView> readApplySteps(capnp::List<proto::ApplyStep>::Reader in) {
  std::vector<ApplyStepView> out;
  for (auto s : in) {
    out.push_back(ApplyStepView{s.getApplier(), outcomeName(s.getOutcome()), s.getDiff(),
                                readTexts(s.getCommands()), s.getMessage()});
  }
  return out;
}

}  // namespace cb::wire
