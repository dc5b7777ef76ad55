// cluster.yaml: every kind of bad value gives `<file>:<line>: <field>: <message>`.
#include <doctest/doctest.h>

#include <string>

#include "spec/cluster_spec.hpp"

namespace {

// Lines 1-10; tests append sections from line 11 or replace one line.
const std::string kBase =
    "name: c\n"                                                           // 1
    "network: {cidr: 192.168.0.0/24}\n"                                   // 2
    "master:\n"                                                           // 3
    "  hostname: master\n"                                                // 4
    "  address: 192.168.0.1\n"                                            // 5
    "  interface: enp0s8\n"                                               // 6
    "  nat_interface: enp0s3\n"                                           // 7
    "workers:\n"                                                          // 8
    "  - {hostname: node02, address: 192.168.0.2, interface: enp0s8}\n"   // 9
    "  - {hostname: node03, address: 192.168.0.3, interface: enp0s8}\n";  // 10

/// kBase with `from` replaced by `to` (which must occur).
std::string with(const std::string& from, const std::string& to) {
  auto at = kBase.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return kBase.substr(0, at) + to + kBase.substr(at + from.size());
}

std::string errorOf(const std::string& text) {
  auto spec = cb::spec::parseClusterSpec(text, "x.yaml");
  REQUIRE_FALSE_MESSAGE(spec, ("parsed without error:\n" + text));
  return spec.error();
}

}  // namespace

TEST_SUITE_BEGIN("cluster-spec");

TEST_CASE("cluster spec errors: the base parses") {
  auto spec = cb::spec::parseClusterSpec(kBase, "x.yaml");
  REQUIRE_MESSAGE(spec, spec.error());
  CHECK(spec->nodes.size() == 3);
}

TEST_CASE("cluster spec errors: host names") {
  CHECK(errorOf(with("hostname: node03", "hostname: node_3")) ==
        "x.yaml:10: workers[1].hostname: 'node_3' is not an RFC 1123 host name: it has '_' "
        "(letters, digits and '-' only)");
  CHECK(errorOf(with("hostname: master", "hostname: -master")) ==
        "x.yaml:4: master.hostname: '-master' is not an RFC 1123 host name: it has a label "
        "starting or ending with '-'");
  CHECK(errorOf(with("hostname: master", "hostname: master.lab")) ==
        "x.yaml:4: master.hostname: 'master.lab' is not an RFC 1123 host name: it has '.' "
        "(letters, digits and '-' only)");
  CHECK(errorOf(with("hostname: node03", "hostname: Node02")) ==
        "x.yaml:10: workers[1].hostname: host name 'Node02' is already used at line 9");
  CHECK(errorOf(with("hostname: master", "hostname: " + std::string(64, 'm'))) ==
        "x.yaml:4: master.hostname: '" + std::string(64, 'm') +
            "' is not an RFC 1123 host name: it has a label longer than 63 characters");
}

TEST_CASE("cluster spec errors: addresses inside the network and unique") {
  CHECK(errorOf(with("address: 192.168.0.1", "address: 192.168.1.1")) ==
        "x.yaml:5: master.address: 192.168.1.1 is outside network.cidr 192.168.0.0/24");
  CHECK(errorOf(with("address: 192.168.0.3", "address: 192.168.0.255")) ==
        "x.yaml:10: workers[1].address: 192.168.0.255 is the broadcast address of "
        "192.168.0.0/24");
  CHECK(errorOf(with("address: 192.168.0.1", "address: 192.168.0.0")) ==
        "x.yaml:5: master.address: 192.168.0.0 is the network address of 192.168.0.0/24");
  CHECK(errorOf(with("address: 192.168.0.3", "address: 192.168.0.2")) ==
        "x.yaml:10: workers[1].address: node03's address 192.168.0.2 is already the address of "
        "node02 (line 9)");
  CHECK(errorOf(with("address: 192.168.0.3", "address: 192.168.0.300")) ==
        "x.yaml:10: workers[1].address: '192.168.0.300' is not an IPv4 address (octet 300 is "
        "above 255)");
  CHECK(errorOf(with("address: 192.168.0.1", "address: 192.168.0.01")) ==
        "x.yaml:5: master.address: '192.168.0.01' is not an IPv4 address (octet '01' has a "
        "leading zero)");
  CHECK(errorOf(with("cidr: 192.168.0.0/24", "cidr: 192.168.0.1/24")) ==
        "x.yaml:2: network.cidr: '192.168.0.1/24' has host bits set (the network is "
        "192.168.0.0/24)");
  // A /31 has two host addresses (RFC 3021): the master fits, the workers do not.
  CHECK(errorOf(with("cidr: 192.168.0.0/24", "cidr: 192.168.0.0/31")) ==
        "x.yaml:9: workers[0].address: 192.168.0.2 is outside network.cidr 192.168.0.0/31\n"
        "x.yaml:10: workers[1].address: 192.168.0.3 is outside network.cidr 192.168.0.0/31");
}

TEST_CASE("cluster spec errors: paths and NFS options") {
  const std::string shared = "shared:\n  path: ";
  CHECK(errorOf(kBase + shared + "shared\n") ==
        "x.yaml:12: shared.path: 'shared' is not an absolute clean path: it must start with '/'");
  CHECK(errorOf(kBase + shared + "/shared/../etc\n") ==
        "x.yaml:12: shared.path: '/shared/../etc' is not an absolute clean path: it has a '..' "
        "component");
  CHECK(errorOf(kBase + shared + "/shared/\n") ==
        "x.yaml:12: shared.path: '/shared/' is not an absolute clean path: it ends with '/'");
  CHECK(errorOf(kBase + shared + "//shared\n") ==
        "x.yaml:12: shared.path: '//shared' is not an absolute clean path: it has an empty "
        "component ('//')");
  CHECK(errorOf(kBase + "autofs: {mount_point: /mnt/./shared}\n") ==
        "x.yaml:11: autofs.mount_point: '/mnt/./shared' is not an absolute clean path: it has a "
        "'.' component");
  CHECK(errorOf(kBase + "shared:\n  export_options: rw,sync,no_root_sqash\n") ==
        "x.yaml:12: shared.export_options: 'rw,sync,no_root_sqash': unknown export option "
        "'no_root_sqash' (did you mean no_root_squash?)");
  CHECK(errorOf(kBase + "shared:\n  export_options: [rw, ro]\n") ==
        "x.yaml:12: shared.export_options: 'rw,ro': 'ro' contradicts 'rw'");
  CHECK(errorOf(kBase + "shared: {clients: [192.168.0.0/24, '*']}\n") ==
        "x.yaml:11: shared.clients[1]: '*' is not an export client (a network such as "
        "192.168.0.0/24, an IPv4 address or a host name)");
  CHECK(errorOf(kBase + "autofs: {options: '-fstype=nfs,rw,exec,noexec'}\n") ==
        "x.yaml:11: autofs.options: '-fstype=nfs,rw,exec,noexec': 'noexec' contradicts 'exec'");
  CHECK(errorOf(kBase + "autofs: {source: 'master:/data'}\n") ==
        "x.yaml:11: autofs.source: the master exports /shared (shared.path), not /data");
  CHECK(errorOf(kBase + "autofs: {source: 'master/shared'}\n") ==
        "x.yaml:11: autofs.source: 'master/shared' is not an NFS source (expected host:/path, "
        "e.g. master:/shared)");
  CHECK(errorOf(kBase + "parts: {nfs: false}\n") ==
        "x.yaml:11: autofs.source: required when parts.nfs is off (the default is the master's "
        "export)");
}

TEST_CASE("cluster spec errors: unknown keys and missing fields") {
  CHECK(errorOf(kBase + "nodes: 3\n") ==
        "x.yaml:11: nodes: unknown field (allowed: name, network, master, workers, gateway, "
        "shared, autofs, parts, extra_packages)");
  CHECK(errorOf(with("  address: 192.168.0.1", "  adress: 192.168.0.1")) ==
        "x.yaml:3: master.address: missing required field\n"
        "x.yaml:5: master.adress: unknown field (did you mean address?)");
  CHECK(errorOf(with("  nat_interface: enp0s3\n", "")) ==
        "x.yaml:3: master.nat_interface: missing required field (parts.nat is on)");
  CHECK(errorOf(kBase + "parts: {nat: yes}\n") ==
        "x.yaml:11: parts.nat: 'yes' is not true or false");
  CHECK(errorOf(with("interface: enp0s8}\n", "interface: enp0s8, mac: 08:00:27:zz:00:01}\n")) ==
        "x.yaml:9: workers[0].mac: '08:00:27:zz:00:01' is not a MAC address (expected e.g. "
        "08:00:27:be:2e:41)");
  CHECK(errorOf(with("name: c", "name: My_Cluster")) ==
        "x.yaml:1: name: 'My_Cluster' is not a valid cluster name (a-z, 0-9 and '-', 1 to 63 "
        "characters, not starting or ending with '-')");
  CHECK(errorOf(with("interface: enp0s8\n", "interface: enp0s8:1\n")) ==
        "x.yaml:6: master.interface: 'enp0s8:1' is not an interface name: ':' is not allowed "
        "(letters, digits, '_', '.', '-')");
  CHECK(errorOf("") ==
        "x.yaml:1: cluster: the file is empty (expected a map with name, master and workers)");
  CHECK(errorOf("name: c\nmaster: [1\n").find("x.yaml:3: YAML syntax error: ") == 0);
}

TEST_CASE("cluster spec errors: worker patterns") {
  const std::string head = kBase.substr(0, kBase.find("workers:"));  // lines 1-7
  auto pattern = [&](const std::string& fields) {
    return errorOf(head + "workers:\n  pattern: {" + fields + "}\n");
  };
  CHECK(pattern("name: node, count: 2, first_address: 192.168.0.2, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.name: 'node' needs exactly one {digits} placeholder (1 to 4 "
        "digits), e.g. node{02}");
  CHECK(pattern("name: 'n{1}{2}', count: 2, first_address: 192.168.0.2, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.name: 'n{1}{2}' needs exactly one {digits} placeholder (1 to "
        "4 digits), e.g. node{02}");
  CHECK(pattern("name: '{02}', count: 2, first_address: 192.168.0.2, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.name: generates '02' is not an RFC 1123 host name: it has "
        "only digits (it would read as an address)");
  CHECK(pattern("name: 'node{02}', count: 0, first_address: 192.168.0.2, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.count: 0 is outside [1, 1024]");
  CHECK(pattern("name: 'node{02}', count: 254, first_address: 192.168.0.2, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.count: 254 workers from 192.168.0.2 run past the last host "
        "address of 192.168.0.0/24 (192.168.0.254)");
  CHECK(pattern("name: 'node{02}', count: 2, first_address: 192.168.0.1, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.first_address: node02's address 192.168.0.1 is already the "
        "address of master (line 5)");
  CHECK(pattern("name: 'master{}', count: 2, first_address: 192.168.0.2, interface: enp0s8") ==
        "x.yaml:9: workers.pattern.name: 'master{}' needs exactly one {digits} placeholder (1 "
        "to 4 digits), e.g. node{02}");
  CHECK(pattern("name: 'node{02}', count: 2, first_address: 192.168.0.2, mac: 1") ==
        "x.yaml:9: workers.pattern.mac: unknown field (allowed: name, count, first_address, "
        "interface)\n"
        "x.yaml:9: workers.pattern.interface: missing required field");
  CHECK(errorOf(head + "workers: {}\n") ==
        "x.yaml:8: workers: expected a list of workers or {pattern: ...}, got an empty map");
}

TEST_CASE("cluster spec errors: the gateway") {
  CHECK(errorOf(kBase + "gateway: router\n") ==
        "x.yaml:11: gateway: 'router' is not master, none or an IPv4 address");
  CHECK(errorOf(kBase + "gateway: 10.0.0.1\n") ==
        "x.yaml:11: gateway: 10.0.0.1 is not a host address of network.cidr 192.168.0.0/24");
  CHECK(errorOf(kBase + "gateway: 192.168.0.3\n") ==
        "x.yaml:11: gateway: 192.168.0.3 is the address of worker node03, which cannot route "
        "via itself");
  auto none = cb::spec::parseClusterSpec(kBase + "gateway: none\n", "x.yaml");
  REQUIRE_MESSAGE(none, none.error());
  CHECK(none->gateway.empty());
  auto router = cb::spec::parseClusterSpec(kBase + "gateway: 192.168.0.254\n", "x.yaml");
  REQUIRE_MESSAGE(router, router.error());
  CHECK(router->gateway == "192.168.0.254");
}

TEST_CASE("cluster spec errors: every problem, in document order") {
  std::string text =
      "name: c\n"                                                   // 1
      "workers:\n"                                                  // 2
      "  - {hostname: node02, address: 10.0.0.2, interface: e0}\n"  // 3
      "master:\n"                                                   // 4
      "  hostname: node02\n"                                        // 5
      "  address: 192.168.0.1\n"                                    // 6
      "  interface: enp0s8\n"                                       // 7
      "  nat_interface: enp0s3\n"                                   // 8
      "shared: {path: /shared/, export_options: 'rw,bogus'}\n";     // 9
  CHECK(errorOf(text) ==
        "x.yaml:3: workers[0].address: 10.0.0.2 is outside network.cidr 192.168.0.0/24\n"
        "x.yaml:5: master.hostname: host name 'node02' is already used at line 3\n"
        "x.yaml:9: shared.path: '/shared/' is not an absolute clean path: it ends with '/'\n"
        "x.yaml:9: shared.export_options: 'rw,bogus': unknown export option 'bogus' (allowed: "
        "rw, ro, sync, async, root_squash, no_root_squash, all_squash, no_all_squash, "
        "subtree_check, no_subtree_check, secure, insecure, wdelay, no_wdelay, hide, nohide, "
        "crossmnt, fsid, anonuid, anongid, sec)");
}

TEST_SUITE_END();
