// The shipped example reproduces the seed tutorial's cluster; the lab spec matches the lab.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "spec/cluster_spec.hpp"

namespace {
using cb::spec::HostEntry;
using cb::spec::NodeConfig;
using cb::spec::NodeIdentity;

std::string reason(const cb::spec::ResolvedNode& n) {
  return cb::spec::toString(n.matchedBy);
}

std::string examplePath() {
  return std::string(CB_TEST_DATA) + "/../../examples/cluster.yaml";
}

cb::spec::ClusterSpec load(const std::string& path) {
  auto spec = cb::spec::loadClusterSpec(path);
  REQUIRE_MESSAGE(spec, spec.error());
  return *spec;
}

/// The values the tutorial writes by hand into /etc/hostname, netplan, /etc/hosts, sysctl +
/// iptables, /etc/exports and /etc/auto.mount on each machine.
NodeConfig seedMaster() {
  NodeConfig c;
  c.clusterName = "vbox-cluster";
  c.hostname = "master";
  c.role = "master";
  c.interface = "enp0s8";
  c.address = "192.168.0.1/24";
  c.hosts = {{"192.168.0.1", {"master"}}, {"192.168.0.2", {"node02"}}, {"192.168.0.4", {"node04"}}};
  c.natEnabled = true;
  c.natOutInterface = "enp0s3";
  c.natSource = "192.168.0.0/24";
  c.nfsExportEnabled = true;
  c.sharedPath = "/shared";
  c.exportOptions = "rw,sync,no_root_squash,no_subtree_check";
  c.exportClients = {"192.168.0.0/255.255.255.0"};
  c.packagesEnabled = true;
  c.packages = {"iptables", "nfs-kernel-server", "iptables-persistent"};
  return c;
}

NodeConfig seedWorker(const std::string& hostname, const std::string& address) {
  NodeConfig c;
  c.clusterName = "vbox-cluster";
  c.hostname = hostname;
  c.role = "worker";
  c.interface = "enp0s8";
  c.address = address;
  c.gateway = "192.168.0.1";
  c.dns = {"8.8.8.8", "8.8.4.4"};
  c.hosts = seedMaster().hosts;
  c.autofsEnabled = true;
  c.autofsMountPoint = "/shared";
  c.autofsOptions = "-fstype=nfs,rw";
  c.autofsSource = "192.168.0.1:/shared";
  c.packagesEnabled = true;
  c.packages = {"nfs-common", "autofs"};
  return c;
}

}  // namespace

TEST_SUITE_BEGIN("cluster-spec");

TEST_CASE("cluster spec: examples/cluster.yaml is the seed's cluster") {
  auto spec = load(examplePath());
  CHECK(spec.name == "vbox-cluster");
  CHECK(spec.network.str() == "192.168.0.0/24");
  CHECK(spec.gateway == "192.168.0.1");
  REQUIRE(spec.nodes.size() == 3);
  CHECK(spec.master().hostname == "master");
  CHECK(spec.nodes[1].hostname == "node02");
  CHECK(spec.nodes[2].hostname == "node04");
  CHECK(spec.nodes[2].address == "192.168.0.4");
  CHECK(spec.nodes[2].line > spec.nodes[1].line);

  std::vector<NodeIdentity> nodes = {
      {"id-m",
       "template",
       {"08:00:27:CC:E4:69", "08:00:27:BE:2E:41"},
       1,
       {"lo", "enp0s3", "enp0s8"}},
      {"id-2", "template", {"08:00:27:00:00:02"}, 2, {"lo", "enp0s8"}},
      {"id-4", "template", {"08:00:27:00:00:04"}, 3, {"lo", "enp0s8"}},
  };
  auto r = cb::spec::resolveCluster(spec, nodes);
  REQUIRE_MESSAGE(r, r.error());
  CHECK(r->warnings.empty());
  CHECK(r->unmatchedEntries.empty());
  CHECK(r->unmatchedNodes.empty());
  REQUIRE(r->nodes.size() == 3);
  CHECK(r->nodes[0].nodeId == "id-m");
  CHECK(reason(r->nodes[0]) == "join order");
  CHECK(r->nodes[0].config == seedMaster());
  CHECK(r->nodes[1].nodeId == "id-2");
  CHECK(r->nodes[1].config == seedWorker("node02", "192.168.0.2/24"));
  CHECK(r->nodes[2].nodeId == "id-4");
  CHECK(r->nodes[2].config == seedWorker("node04", "192.168.0.4/24"));
}

TEST_CASE("cluster spec: a file that cannot be read names its path") {
  auto spec = cb::spec::loadClusterSpec("/nonexistent/cluster.yaml");
  CHECK(spec.error() == "cannot read /nonexistent/cluster.yaml");
  auto example = cb::spec::loadClusterSpec(examplePath());
  REQUIRE(example);
  CHECK(example->file == examplePath());
}

TEST_CASE("cluster spec: defaults give the issue's values") {
  auto spec = cb::spec::parseClusterSpec(
      "name: c\n"
      "master: {hostname: master, address: 192.168.0.1, interface: enp0s8, "
      "nat_interface: enp0s3}\n"
      "workers:\n"
      "  pattern: {name: \"node{02}\", count: 2, first_address: 192.168.0.2, "
      "interface: enp0s8}\n",
      "c.yaml");
  REQUIRE_MESSAGE(spec, spec.error());
  CHECK(spec->network.str() == "192.168.0.0/24");
  CHECK(spec->gateway == "192.168.0.1");
  CHECK(spec->workerDns.empty());
  CHECK(spec->shared.path == "/shared");
  CHECK(spec->shared.exportOptions == "rw,sync,no_root_squash,no_subtree_check");
  CHECK(spec->shared.clients == std::vector<std::string>{"192.168.0.0/24"});
  CHECK(spec->autofs.mountPoint == "/shared");
  CHECK(spec->autofs.options == "-fstype=nfs,rw");
  CHECK(spec->autofs.source == "master:/shared");
  CHECK(spec->parts.nat);
  CHECK(spec->parts.nfs);
  CHECK(spec->parts.autofs);
  CHECK_FALSE(spec->parts.packages);
  REQUIRE(spec->nodes.size() == 3);
  CHECK(spec->nodes[1].hostname == "node02");
  CHECK(spec->nodes[2].hostname == "node03");
  CHECK(spec->nodes[2].address == "192.168.0.3");
  auto worker = cb::spec::nodeConfigFor(*spec, 2);
  CHECK_FALSE(worker.packagesEnabled);
  CHECK(worker.packages.empty());
  CHECK(worker.dns.empty());
}

TEST_CASE("cluster spec: the lab spec matches the lab's nodes") {
  auto spec = load(std::string(CB_TEST_DATA) + "/../../examples/lab-cluster.yaml");
  // As `clusterbench lab up` names and addresses them (lab_plan.cpp, defaults), each agent
  // reporting its namespace's hostname and only lo and eth0.
  std::vector<NodeIdentity> nodes = {
      {"n3", "node03", {"3a:11:22:33:44:03"}, 1, {"lo", "eth0"}},
      {"n1", "master", {"3a:11:22:33:44:01"}, 2, {"lo", "eth0"}},
      {"n2", "node02", {"3a:11:22:33:44:02"}, 3, {"lo", "eth0"}},
  };
  auto r = cb::spec::resolveCluster(spec, nodes);
  REQUIRE_MESSAGE(r, r.error());
  CHECK(r->warnings.empty());
  REQUIRE(r->nodes.size() == 3);
  const std::vector<std::string> ids = {"n1", "n2", "n3"};
  const std::vector<std::string> addresses = {"198.18.0.2/24", "198.18.0.3/24", "198.18.0.4/24"};
  const std::vector<HostEntry> hosts = {
      {"198.18.0.2", {"master"}}, {"198.18.0.3", {"node02"}}, {"198.18.0.4", {"node03"}}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& n = r->nodes[i];
    CHECK(n.nodeId == ids[i]);
    CHECK(reason(n) == "hostname");
    CHECK(n.config.address == addresses[i]);
    CHECK(n.config.interface == "eth0");
    CHECK(n.config.hosts == hosts);
    CHECK(n.config.packages.empty());
  }
  CHECK(r->nodes[0].config.natOutInterface == "eth0");
  CHECK(r->nodes[0].config.natSource == "198.18.0.0/24");
  CHECK(r->nodes[0].config.exportClients == std::vector<std::string>{"198.18.0.0/24"});
  CHECK(r->nodes[1].config.gateway == "198.18.0.2");
  CHECK(r->nodes[2].config.autofsSource == "master:/shared");
}

TEST_SUITE_END();
