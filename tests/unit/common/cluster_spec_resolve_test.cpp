// resolveCluster(): nodes matched to spec entries by MAC, by host name, then by join order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "spec/cluster_spec.hpp"

namespace {
using cb::spec::NodeIdentity;
using cb::spec::Resolution;

/// The test cluster; `masterExtra` and `node03Extra` are more fields of those entries.
cb::spec::ClusterSpec spec(const std::string& masterExtra = "",
                           const std::string& node03Extra = "") {
  auto s = cb::spec::parseClusterSpec(
      "name: c\n"
      "master:\n"
      "  hostname: master\n"
      "  address: 192.168.0.1\n"
      "  interface: enp0s8\n"
      "  nat_interface: enp0s3\n"
      "  mac: 08:00:27:BE:2E:41\n" +
          masterExtra +
          "workers:\n"
          "  - {hostname: node02, address: 192.168.0.2, interface: enp0s8}\n"
          "  - {hostname: node03, address: 192.168.0.3, interface: enp0s8,\n"
          "     mac: [08:00:27:00:00:03, 08:00:27:00:01:03]" +
          node03Extra + "}\n",
      "c.yaml");
  REQUIRE_MESSAGE(s, s.error());
  return *s;
}

NodeIdentity node(const std::string& id, const std::string& hostname, int joinOrder,
                  std::vector<std::string> macs = {}) {
  return {id, hostname, std::move(macs), joinOrder, {"lo", "enp0s3", "enp0s8"}};
}

Resolution resolve(const std::vector<NodeIdentity>& nodes) {
  auto r = cb::spec::resolveCluster(spec(), nodes);
  REQUIRE_MESSAGE(r, r.error());
  return *r;
}

/// "nodeId=hostname(reason)" per matched entry, in spec order.
std::string summary(const Resolution& r) {
  std::string out;
  for (const auto& n : r.nodes) {
    out += (out.empty() ? "" : " ") + n.nodeId + "=" + n.config.hostname + "(" +
           cb::spec::toString(n.matchedBy) + ")";
  }
  return out;
}

}  // namespace

TEST_SUITE_BEGIN("cluster-spec");

TEST_CASE("cluster resolve: by MAC, case-insensitive, before host names") {
  // b calls itself master but reports node03's second MAC; c reports the master's MAC.
  auto r = resolve({node("a", "ubuntu", 1), node("b", "master", 2, {"08:00:27:00:01:03"}),
                    node("c", "ubuntu", 3, {"08:00:27:aa:aa:aa", "08:00:27:be:2e:41"})});
  CHECK(summary(r) == "c=master(mac) a=node02(join order) b=node03(mac)");
  CHECK(r.unmatchedEntries.empty());
  CHECK(r.unmatchedNodes.empty());
  CHECK(r.warnings.empty());
  CHECK(r.nodes[0].config.role == "master");
  CHECK(r.nodes[0].entry == 0);
  CHECK(r.nodes[2].entry == 2);
}

TEST_CASE("cluster resolve: by reported host name, then join order") {
  auto r = resolve({node("z", "NODE03", 5), node("y", "node02", 9), node("x", "template", 1)});
  CHECK(summary(r) == "x=master(join order) y=node02(hostname) z=node03(hostname)");
}

TEST_CASE("cluster resolve: join order, ties by node id, master first") {
  auto r = resolve({node("q", "t", 2), node("p", "t", 2), node("o", "t", 1)});
  CHECK(summary(r) == "o=master(join order) p=node02(join order) q=node03(join order)");
  // Same input in another order: same result.
  auto again = resolve({node("p", "t", 2), node("o", "t", 1), node("q", "t", 2)});
  CHECK(summary(again) == summary(r));
}

TEST_CASE("cluster resolve: a host name already taken falls back to join order") {
  // Two clones of node02 both still report its name: the earlier joiner keeps it.
  auto r = resolve({node("late", "node02", 4), node("early", "node02", 3), node("m", "m", 5)});
  CHECK(summary(r) == "late=master(join order) early=node02(hostname) m=node03(join order)");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] ==
        "node late reports host name node02, already matched to node early; it is matched by "
        "join order instead");
}

TEST_CASE("cluster resolve: entries without nodes and nodes without entries") {
  auto few = resolve({node("a", "node03", 1)});
  CHECK(summary(few) == "a=node03(hostname)");
  CHECK(few.unmatchedEntries == std::vector<std::string>{"master", "node02"});
  CHECK(few.unmatchedNodes.empty());

  auto many = resolve({node("a", "t", 1), node("b", "t", 2), node("c", "t", 3), node("e", "t", 5),
                       node("d", "t", 4)});
  CHECK(summary(many) == "a=master(join order) b=node02(join order) c=node03(join order)");
  CHECK(many.unmatchedNodes == std::vector<std::string>{"d", "e"});
  CHECK(many.unmatchedEntries.empty());

  auto none = resolve({});
  CHECK(none.nodes.empty());
  CHECK(none.unmatchedEntries.size() == 3);
}

TEST_CASE("cluster resolve: interfaces the node did not report are warnings") {
  auto master = node("m", "master", 1);
  master.interfaces = {"lo", "eth0"};
  auto worker = node("w", "node02", 2);
  worker.interfaces.clear();
  auto r = resolve({master, worker});
  CHECK(summary(r) == "m=master(hostname) w=node02(hostname)");
  CHECK(r.warnings == std::vector<std::string>{
                          "master (node m): interface enp0s8 is not on the node (it has lo, eth0)",
                          "master (node m): interface enp0s3 is not on the node (it has lo, eth0)",
                          "node02 (node w): the node reported no interfaces, so enp0s8 could not "
                          "be checked"});
}

TEST_CASE("cluster resolve: inconsistent identities are errors") {
  auto s = spec();
  auto twice = cb::spec::resolveCluster(s, {node("a", "x", 1), node("a", "y", 2)});
  CHECK(twice.error() == "node id a is given twice");
  auto twoEntries =
      cb::spec::resolveCluster(s, {node("a", "x", 1, {"08:00:27:be:2e:41", "08:00:27:00:00:03"})});
  CHECK(twoEntries.error() ==
        "node a reports MAC 08:00:27:be:2e:41 of master and MAC 08:00:27:00:00:03 of node03");
  auto twoNodes = cb::spec::resolveCluster(
      s, {node("a", "x", 1, {"08:00:27:00:00:03"}), node("b", "y", 2, {"08:00:27:00:01:03"})});
  CHECK(twoNodes.error() == "nodes a and b both report a MAC of node03 (08:00:27:00:01:03)");
}

TEST_CASE("cluster resolve: packages per role follow the enabled parts") {
  auto s = spec();
  CHECK(cb::spec::packagesFor(s, cb::spec::Role::kMaster).empty());
  s.parts.packages = true;
  s.masterExtraPackages = {"nfs-kernel-server", "iptables-persistent"};
  s.workerExtraPackages = {"sysbench"};
  CHECK(cb::spec::packagesFor(s, cb::spec::Role::kMaster) ==
        std::vector<std::string>{"iptables", "nfs-kernel-server", "iptables-persistent"});
  CHECK(cb::spec::packagesFor(s, cb::spec::Role::kWorker) ==
        std::vector<std::string>{"nfs-common", "autofs", "sysbench"});
  s.parts.nat = false;
  s.parts.autofs = false;
  CHECK(cb::spec::packagesFor(s, cb::spec::Role::kMaster) ==
        std::vector<std::string>{"nfs-kernel-server", "iptables-persistent"});
  CHECK(cb::spec::packagesFor(s, cb::spec::Role::kWorker) == std::vector<std::string>{"sysbench"});
  auto worker = cb::spec::nodeConfigFor(s, 1);
  CHECK_FALSE(worker.autofsEnabled);
  CHECK(worker.autofsSource.empty());
  auto master = cb::spec::nodeConfigFor(s, 0);
  CHECK_FALSE(master.natEnabled);
  CHECK(master.natOutInterface.empty());
  CHECK(master.nfsExportEnabled);
}


namespace {
const std::string kMasterId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kNode03Id = "cccccccccccccccccccccccccccccccc";

/// The spec above with the master and node03 pinned to enrolled node ids.
cb::spec::ClusterSpec pinnedSpec() {
  return spec("  node: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", ", node: " + kNode03Id);
}
}  // namespace

TEST_CASE("cluster resolve: a pinned entry goes to its enrolled node id, whatever others report") {
  auto spec = pinnedSpec();
  CHECK(spec.nodes[0].nodeId == kMasterId);  // stored in lower case
  // An impostor reports the master's MAC and host name and joined first; the real master
  // reports nothing that matches.
  auto r = cb::spec::resolveCluster(
      spec, {node("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "master", 1, {"08:00:27:be:2e:41"}),
             node(kMasterId, "ubuntu", 3), node(kNode03Id, "node02", 2)});
  REQUIRE_MESSAGE(r, r.error());
  CHECK(summary(*r) == kMasterId + "=master(node id) bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=node02(join " +
                           "order) " + kNode03Id + "=node03(node id)");
  REQUIRE(r->warnings.size() == 2);
  CHECK(r->warnings[0].find("reports MAC 08:00:27:be:2e:41 of master, which the spec pins to "
                            "node " + kMasterId) != std::string::npos);
  CHECK(r->warnings[1].find("reports host name master of master, which the spec pins") !=
        std::string::npos);
}

TEST_CASE("cluster resolve: a pinned entry whose node is absent stays unmatched") {
  auto r = cb::spec::resolveCluster(
      pinnedSpec(), {node("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "master", 1, {"08:00:27:be:2e:41"}),
                     node("dddddddddddddddddddddddddddddddd", "x", 2)});
  REQUIRE_MESSAGE(r, r.error());
  // Nobody becomes master: the two nodes take node02 and nothing else.
  CHECK(summary(*r) == "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=node02(join order)");
  CHECK(r->unmatchedEntries == std::vector<std::string>{"master", "node03"});
  CHECK(r->unmatchedNodes == std::vector<std::string>{"dddddddddddddddddddddddddddddddd"});
}

TEST_CASE("cluster spec: a node pin must be 32 hex digits and unique") {
  auto bad = cb::spec::parseClusterSpec(
      "name: c\n"
      "master: {hostname: master, address: 192.168.0.1, interface: e, nat_interface: n,\n"
      "         node: master}\n"
      "workers:\n"
      "  - {hostname: node02, address: 192.168.0.2, interface: e, node: " + kNode03Id + "}\n"
      "  - {hostname: node03, address: 192.168.0.3, interface: e, node: " + kNode03Id + "}\n",
      "c.yaml");
  REQUIRE_FALSE(bad);
  CHECK_MESSAGE(bad.error().find("c.yaml:3: master.node: 'master' is not a node id") !=
                    std::string::npos,
                bad.error());
  CHECK_MESSAGE(bad.error().find("c.yaml:6: workers[1].node: node " + kNode03Id +
                                 " is already given at line 5") != std::string::npos,
                bad.error());
}

TEST_SUITE_END();
