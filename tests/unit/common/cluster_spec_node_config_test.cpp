// validateNodeConfig(): every field of a received NodeConfig is checked, every problem listed.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "spec/node_config.hpp"

namespace {
using cb::spec::NodeConfig;

NodeConfig master() {
  NodeConfig c;
  c.clusterName = "vbox-cluster";
  c.hostname = "master";
  c.role = "master";
  c.interface = "enp0s8";
  c.address = "192.168.0.1/24";
  c.hosts = {{"192.168.0.1", {"master"}}, {"192.168.0.2", {"node02", "node02.lab"}}};
  c.natEnabled = true;
  c.natOutInterface = "enp0s3";
  c.natSource = "192.168.0.0/24";
  c.nfsExportEnabled = true;
  c.sharedPath = "/shared";
  c.exportOptions = "rw,sync,no_root_squash,no_subtree_check";
  c.exportClients = {"192.168.0.0/255.255.255.0", "192.168.0.0/24", "node02"};
  c.packagesEnabled = true;
  c.packages = {"iptables", "nfs-kernel-server", "iptables-persistent"};
  return c;
}

NodeConfig worker() {
  NodeConfig c = master();
  c.hostname = "node02";
  c.role = "worker";
  c.address = "192.168.0.2/24";
  c.gateway = "192.168.0.1";
  c.dns = {"8.8.8.8", "8.8.4.4"};
  c.natEnabled = false;
  c.natOutInterface.clear();
  c.natSource.clear();
  c.nfsExportEnabled = false;
  c.sharedPath.clear();
  c.exportOptions.clear();
  c.exportClients.clear();
  c.autofsEnabled = true;
  c.autofsMountPoint = "/shared";
  c.autofsOptions = "-fstype=nfs,rw";
  c.autofsSource = "192.168.0.1:/shared";
  c.packages = {"nfs-common", "autofs"};
  return c;
}

/// The error of `base` changed by `edit` ("" when it is valid).
std::string errorAfter(NodeConfig base, const std::function<void(NodeConfig&)>& edit) {
  edit(base);
  return cb::spec::validateNodeConfig(base).error();
}

}  // namespace

TEST_SUITE_BEGIN("cluster-spec");

TEST_CASE("node config: valid master and worker") {
  auto m = cb::spec::validateNodeConfig(master());
  CHECK_MESSAGE(m, m.error());
  auto w = cb::spec::validateNodeConfig(worker());
  CHECK_MESSAGE(w, w.error());
}

TEST_CASE("node config: each bad field is named") {
  auto m = master();
  auto w = worker();
  CHECK(errorAfter(m, [](auto& c) { c.clusterName = "Lab"; }) ==
        "clusterName: 'Lab' is not a valid cluster name (a-z, 0-9 and '-', 1 to 63 characters, "
        "not starting or ending with '-')");
  CHECK(errorAfter(m, [](auto& c) { c.hostname = "master.lab"; }) ==
        "hostname: 'master.lab' is not an RFC 1123 host name: it has '.' (letters, digits and "
        "'-' only)");
  CHECK(errorAfter(m, [](auto& c) { c.role = "boss"; }) == "role: 'boss' is not master or worker");
  CHECK(errorAfter(m, [](auto& c) { c.interface = "enp0s8 up"; }) ==
        "interface: 'enp0s8 up' is not an interface name: it has a blank or control character");
  CHECK(errorAfter(m, [](auto& c) { c.interface = "a-very-long-name0"; }) ==
        "interface: 'a-very-long-name0' is not an interface name: longer than 15 characters");
  CHECK(errorAfter(m, [](auto& c) { c.address = "192.168.0.1"; }) ==
        "address: '192.168.0.1' is not an address with a prefix length (e.g. 192.168.0.1/24)");
  CHECK(errorAfter(m, [](auto& c) { c.address = "192.168.0.255/24"; }) ==
        "address: '192.168.0.255/24' is the broadcast address of 192.168.0.0/24, not a host "
        "address");
  CHECK(errorAfter(w, [](auto& c) { c.gateway = "10.0.2.2"; }) ==
        "gateway: 10.0.2.2 is not a host address of 192.168.0.0/24, the network of address "
        "192.168.0.2/24");
  CHECK(errorAfter(w, [](auto& c) { c.gateway = "192.168.0.2"; }) ==
        "gateway: 192.168.0.2 is this node's own address");
  CHECK(errorAfter(w, [](auto& c) { c.dns[1] = "dns.google"; }) ==
        "dns[1]: 'dns.google' is not an IPv4 address (expected a.b.c.d with octets 0-255)");
  CHECK(errorAfter(m, [](auto& c) { c.hosts[1].address = "192.168.0.1"; }) ==
        "hosts[1].address: 192.168.0.1 is already listed in hosts[0]");
  CHECK(errorAfter(m, [](auto& c) { c.hosts[1].names = {"Master"}; }) ==
        "hosts[1].names[0]: 'Master' is already listed in hosts[0].names[0]");
  CHECK(errorAfter(m, [](auto& c) { c.hosts[1].names.clear(); }) ==
        "hosts[1].names: no host names");
  CHECK(errorAfter(m, [](auto& c) { c.hosts[1].names[1] = "node02..lab"; }) ==
        "hosts[1].names[1]: 'node02..lab' is not an RFC 1123 host name: it has an empty label");
  CHECK(errorAfter(m, [](auto& c) { c.natOutInterface = "en/p0s3"; }) ==
        "natOutInterface: 'en/p0s3' is not an interface name: '/' is not allowed (letters, "
        "digits, '_', '.', '-')");
  CHECK(errorAfter(m, [](auto& c) { c.natSource.clear(); }) ==
        "natSource: required when natEnabled is on");
  CHECK(errorAfter(m, [](auto& c) { c.sharedPath = "/shared/"; }) ==
        "sharedPath: '/shared/' is not an absolute clean path: it ends with '/'");
  CHECK(errorAfter(m, [](auto& c) { c.exportOptions = "rw,sync,rw"; }) ==
        "exportOptions: 'rw,sync,rw': 'rw' is given twice");
  CHECK(errorAfter(m, [](auto& c) { c.exportClients.clear(); }) ==
        "exportClients: required when nfsExportEnabled is on");
  CHECK(errorAfter(m, [](auto& c) { c.exportClients[1] = "192.168.0.0/255.0.255.0"; }) ==
        "exportClients[1]: '192.168.0.0/255.0.255.0' is not a network: the netmask is not "
        "contiguous");
  CHECK(errorAfter(w, [](auto& c) { c.autofsMountPoint = "shared"; }) ==
        "autofsMountPoint: 'shared' is not an absolute clean path: it must start with '/'");
  CHECK(errorAfter(w, [](auto& c) { c.autofsOptions = "fstype=nfs,rw"; }) ==
        "autofsOptions: 'fstype=nfs,rw': autofs options start with '-' (e.g. -fstype=nfs,rw)");
  CHECK(errorAfter(w, [](auto& c) { c.autofsSource = "master:shared"; }) ==
        "autofsSource: 'master:shared' is not an NFS source: 'shared' is not an absolute clean "
        "path: it must start with '/'");
  CHECK(errorAfter(w, [](auto& c) { c.packages[1] = "AutoFS"; }) ==
        "packages[1]: 'AutoFS' is not a Debian package name (a-z, 0-9, '+', '.', '-', at least 2 "
        "characters, starting with a letter or digit)");
  CHECK(errorAfter(w, [](auto& c) { c.packages.push_back("autofs"); }) ==
        "packages[2]: 'autofs' is already listed in packages[1]");
}

TEST_CASE("node config: disabled parts may be empty, set values are still checked") {
  auto w = worker();
  CHECK(errorAfter(w, [](auto& c) { c.autofsEnabled = false; }).empty());
  CHECK(errorAfter(w, [](auto& c) {
          c.autofsEnabled = false;
          c.autofsMountPoint.clear();
          c.autofsOptions.clear();
          c.autofsSource.clear();
        }).empty());
  CHECK(errorAfter(w, [](auto& c) {
          c.autofsEnabled = false;
          c.autofsSource = "x";
        }).find("autofsSource: ") == 0);
}

TEST_CASE("node config: every problem is listed, in field order") {
  CHECK(errorAfter(worker(),
                   [](auto& c) {
                     c.hostname = "";
                     c.address = "192.168.0.2/33";
                     c.autofsSource.clear();
                   }) ==
        "hostname: '' is not an RFC 1123 host name: it has an empty label\n"
        "address: '192.168.0.2/33': the prefix length must be 1 to 32\n"
        "autofsSource: required when autofsEnabled is on");
}

TEST_SUITE_END();
