// applyNodeConfig over a temporary root and FakeNode: reports, idempotence, dry run, backups,
// restore on failure, services disabled.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "config/config_engine.hpp"
#include "config/nfs_export_applier.hpp"
#include "unit/agent/config_test_support.hpp"

using namespace cb::agent::config;
using cb::test::FakeNode;
using cb::test::TempRoot;
namespace fs = std::filesystem;

namespace {

const std::string kUserHosts = "127.0.0.1 localhost\n127.0.1.1 template\n::1 ip6-localhost\n";
const std::string kUserExports = "# /etc/exports\n/srv/old 10.0.0.0/8(ro)\n";

/// Every file under the root with its content.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    files[fs::relative(entry.path(), root).string()] = content.str();
  }
  return files;
}

std::map<std::string, StepReport::Outcome> outcomes(const std::vector<StepReport>& reports) {
  std::map<std::string, StepReport::Outcome> out;
  for (const auto& r : reports) out[r.applier] = r.outcome;
  return out;
}

const StepReport& step(const std::vector<StepReport>& reports, const std::string& name) {
  for (const auto& r : reports) {
    if (r.applier == name) return r;
  }
  FAIL("no step " << name);
  return reports.front();
}

struct Master {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  cb::spec::NodeConfig config = cb::test::masterConfig();
  Master() {
    root.put("/etc/hostname", "template\n");
    root.put("/etc/hosts", kUserHosts);
    root.put("/etc/exports", kUserExports);
  }
};

using O = StepReport::Outcome;

}  // namespace

TEST_CASE("the sample configs are valid ones") {
  const auto master = cb::spec::validateNodeConfig(cb::test::masterConfig());
  CHECK_MESSAGE(master.ok(), master.error());
  const auto worker = cb::spec::validateNodeConfig(cb::test::workerConfig());
  CHECK_MESSAGE(worker.ok(), worker.error());
}

TEST_CASE("a master is configured in order, then a second apply changes nothing") {
  Master m;
  const auto first = applyNodeConfig(m.config, false, m.env);
  std::vector<std::string> order;
  for (const auto& r : first) order.push_back(r.applier);
  CHECK(order == std::vector<std::string>{"packages", "hostname", "hosts", "network", "gateway",
                                          "nfs_export", "autofs"});
  for (const auto& r : first) CAPTURE(r.message);
  CHECK(outcomes(first) == std::map<std::string, O>{{"packages", O::kChanged},
                                                    {"hostname", O::kChanged},
                                                    {"hosts", O::kChanged},
                                                    {"network", O::kChanged},
                                                    {"gateway", O::kChanged},
                                                    {"nfs_export", O::kChanged},
                                                    {"autofs", O::kSkipped}});
  CHECK(step(first, "autofs").message == "disabled");
  CHECK(m.node.mutatingCalls() ==
        std::vector<std::string>{
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
            "nfs-kernel-server",
            "hostname master", "ip link set dev cb0 up", "ip addr add 198.18.102.1/24 dev cb0",
            "sysctl -w net.ipv4.ip_forward=1",
            "iptables -t nat -A POSTROUTING -s 198.18.102.0/24 -o cb1 -j MASQUERADE",
            "iptables-save", "exportfs -ra"});
  CHECK(m.node.hostname == "master");
  CHECK(m.root.get("/etc/hostname") == "master\n");
  CHECK(m.root.get("/etc/hosts") ==
        kUserHosts +
            "# BEGIN clusterbench\n198.18.102.1 master\n198.18.102.2 node02\n# END clusterbench\n");
  CHECK(m.root.get("/etc/iptables/rules.v4") ==
        cb::test::nodeConfigFixture("iptables_save_masquerade.txt"));
  CHECK(fs::is_directory(m.root.fs->hostPath("/shared")));
  // Originals are kept once; files that did not exist have no backup.
  CHECK(m.root.get(std::string(kBackupDir) + "/etc/hosts") == kUserHosts);
  CHECK(m.root.get(std::string(kBackupDir) + "/etc/exports") == kUserExports);
  CHECK(m.root.get(std::string(kBackupDir) + "/etc/hostname") == "template\n");
  CHECK_FALSE(m.root.fs->exists(std::string(kBackupDir) + "/etc/iptables/rules.v4"));

  const auto& gateway = step(first, "gateway");
  CHECK(gateway.commands.back() == "iptables-save > /etc/iptables/rules.v4");
  CHECK(gateway.diff.find("+++ /etc/iptables/rules.v4\n") != std::string::npos);
  CHECK(gateway.diff.find("+-A POSTROUTING -s 198.18.102.0/24 -o cb1 -j MASQUERADE\n") !=
        std::string::npos);
  CHECK(step(first, "hosts").diff.find("+198.18.102.2 node02\n") != std::string::npos);
  CHECK(step(first, "nfs_export").message.find("created directory /shared") != std::string::npos);

  const auto tree = snapshot(m.root.dir.path());
  m.node.calls.clear();
  const auto second = applyNodeConfig(m.config, false, m.env);
  for (const auto& r : second) {
    CAPTURE(r.applier);
    CHECK((r.outcome == O::kUnchanged || r.applier == "autofs"));
    CHECK(r.diff.empty());
    CHECK(r.commands.empty());
  }
  CHECK(m.node.mutatingCalls().empty());
  CHECK(snapshot(m.root.dir.path()) == tree);
  CHECK(m.node.unexpected.empty());
}

TEST_CASE("a worker gets its route and automount; a second apply changes nothing") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::workerConfig();
  root.put("/run/systemd/system/.keep", "");
  const auto first = applyNodeConfig(config, false, env);
  CHECK(outcomes(first) == std::map<std::string, O>{{"packages", O::kSkipped},
                                                    {"hostname", O::kChanged},
                                                    {"hosts", O::kChanged},
                                                    {"network", O::kChanged},
                                                    {"gateway", O::kSkipped},
                                                    {"nfs_export", O::kSkipped},
                                                    {"autofs", O::kChanged}});
  CHECK(step(first, "autofs").commands == std::vector<std::string>{"systemctl restart autofs"});
  CHECK(node.defaultRoute);
  node.calls.clear();
  node.shareMarker = "clusterbench: /shared exported by master\n";
  for (const auto& r : applyNodeConfig(config, false, env)) {
    CHECK((r.outcome == O::kUnchanged || r.outcome == O::kSkipped));
  }
  CHECK(node.mutatingCalls().empty());
  CHECK(node.unexpected.empty());
  // Once in place, every apply or verify reads the master's marker through the mount.
  CHECK(std::count(node.calls.begin(), node.calls.end(),
                   "timeout -k 5 20 dd if=/shared/.clusterbench-share iflag=nofollow bs=4096 "
                   "count=1 status=none") == 1);
  // An unreadable share is drift: the apply restarts autofs.
  node.shareMarker.reset();
  const auto unmounted = applyNodeConfig(config, false, env);
  CHECK(step(unmounted, "autofs").outcome == O::kChanged);
  CHECK(step(unmounted, "autofs").commands == std::vector<std::string>{"systemctl restart autofs"});
}

TEST_CASE("a dry run reports diffs and commands and touches nothing") {
  Master m;
  const auto before = snapshot(m.root.dir.path());
  const auto reports = applyNodeConfig(m.config, true, m.env);
  CHECK(snapshot(m.root.dir.path()) == before);
  CHECK(m.node.mutatingCalls().empty());
  CHECK(m.node.hostname == "template");
  CHECK(outcomes(reports).at("nfs_export") == O::kChanged);
  const auto& hosts = step(reports, "hosts");
  CHECK(hosts.diff ==
        "--- /etc/hosts\n+++ /etc/hosts\n@@ -1,3 +1,7 @@\n 127.0.0.1 localhost\n"
        " 127.0.1.1 template\n ::1 ip6-localhost\n+# BEGIN clusterbench\n+198.18.102.1 master\n"
        "+198.18.102.2 node02\n+# END clusterbench\n");
  CHECK(step(reports, "gateway").commands ==
        std::vector<std::string>{
            "sysctl -w net.ipv4.ip_forward=1",
            "iptables -t nat -A POSTROUTING -s 198.18.102.0/24 -o cb1 -j MASQUERADE",
            "iptables-save > /etc/iptables/rules.v4"});
  CHECK(step(reports, "gateway").diff.find("--- /dev/null\n+++ /etc/sysctl.d/") == 0);
  CHECK(step(reports, "nfs_export").message.find("creates directory /shared") != std::string::npos);
}

TEST_CASE("a failing command restores the step's files and skips the later steps") {
  Master m;
  m.node.failWith("exportfs -ra", "exportfs: /shared does not support NFS export\n");
  const auto reports = applyNodeConfig(m.config, false, m.env);
  const auto& nfs = step(reports, "nfs_export");
  CHECK(nfs.outcome == O::kFailed);
  CHECK(nfs.message.rfind("exportfs -ra: exit 1: exportfs: /shared does not support NFS export\n"
                          "restored /etc/exports",
                          0) == 0);
  CHECK(m.root.get("/etc/exports") == kUserExports);
  CHECK(step(reports, "autofs").outcome == O::kSkipped);
  CHECK(step(reports, "autofs").message == "skipped: an earlier step failed");
  // Earlier steps stay applied.
  CHECK(step(reports, "gateway").outcome == O::kChanged);

  SUBCASE("a file that did not exist is removed again") {
    Master g;
    g.node.failWith("sysctl -w net.ipv4.ip_forward=1",
                    "sysctl: permission denied on key \"net.ipv4.ip_forward\"\n");
    const auto failed = applyNodeConfig(g.config, false, g.env);
    CHECK(step(failed, "gateway").outcome == O::kFailed);
    CHECK_FALSE(g.root.fs->exists("/etc/sysctl.d/99-clusterbench-ipforward.conf"));
    CHECK(step(failed, "nfs_export").message == kSkippedAfterFailure);
    CHECK(g.root.get("/etc/exports") == kUserExports);
    for (const auto& call : g.node.calls) CHECK(call.find("iptables -t nat -A") != 0);
  }
}

TEST_CASE("a failing observation fails the step before anything is written") {
  Master m;
  m.config.interface = "nosuch";
  const auto reports = applyNodeConfig(m.config, false, m.env);
  CHECK(step(reports, "network").outcome == O::kFailed);
  CHECK(step(reports, "network").message.find("Device \"nosuch\" does not exist.") !=
        std::string::npos);
  CHECK(step(reports, "gateway").outcome == O::kSkipped);
  CHECK(m.root.get("/etc/hosts") != kUserHosts);  // hosts ran before network
}

TEST_CASE("with services disabled, service commands are listed, not run") {
  Master m;
  m.env.options.runServices = false;
  m.root.put("/run/systemd/system/.keep", "");
  const auto reports = applyNodeConfig(m.config, false, m.env);
  const auto& nfs = step(reports, "nfs_export");
  CHECK(nfs.outcome == O::kChanged);
  CHECK(nfs.commands.empty());
  CHECK(nfs.message.find("not run: services disabled on this node: systemctl enable --now "
                         "nfs-kernel-server; exportfs -ra") != std::string::npos);
  for (const auto& call : m.node.calls) {
    CHECK(call != "exportfs -ra");
    CHECK(call.rfind("systemctl", 0) != 0);
  }
  CHECK(m.node.hostname == "master");  // everything else really runs
  m.node.calls.clear();
  for (const auto& r : applyNodeConfig(m.config, false, m.env)) {
    CHECK((r.outcome == O::kUnchanged || r.outcome == O::kSkipped));
  }
  CHECK(m.node.mutatingCalls().empty());
}

TEST_CASE("the original is backed up once, never overwritten by later applies") {
  Master m;
  applyNodeConfig(m.config, false, m.env);
  m.config.hosts.push_back({"198.18.102.3", {"node03"}});
  const auto reports = applyNodeConfig(m.config, false, m.env);
  CHECK(step(reports, "hosts").outcome == O::kChanged);
  CHECK(m.root.get("/etc/hosts")->find("198.18.102.3 node03\n") != std::string::npos);
  CHECK(m.root.get(std::string(kBackupDir) + "/etc/hosts") == kUserHosts);
}

TEST_CASE("a symlink planted as the share marker is not followed: nothing outside is touched") {
  Master m;
  const fs::path victim =
      m.root.dir.path().parent_path() / (m.root.dir.path().filename().string() + "-victim");
  std::ofstream(victim) << "root:secret\n";
  fs::permissions(victim, fs::perms(0600));
  struct Cleanup {
    fs::path p;
    ~Cleanup() { fs::remove(p); }
  } cleanup{victim};
  m.root.fs->makeDirs("/shared");
  const fs::path marker = m.root.fs->hostPath("/shared/.clusterbench-share");
  fs::create_symlink(victim, marker);

  const auto reports = applyNodeConfig(m.config, false, m.env);
  const auto& nfs = step(reports, "nfs_export");
  CHECK(nfs.outcome == O::kFailed);
  CHECK(nfs.message.find(marker.string()) != std::string::npos);
  std::ifstream in(victim);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "root:secret\n");
  CHECK((fs::status(victim).permissions() & fs::perms::all) == fs::perms(0600));
  CHECK(fs::is_symlink(marker));
}

TEST_CASE("backups never go to the share: a changed marker's original is kept in the backup dir") {
  Master m;
  m.root.put("/shared/.clusterbench-share", "clusterbench: /shared exported by old\n");
  const auto reports = applyNodeConfig(m.config, false, m.env);
  CHECK(step(reports, "nfs_export").outcome == O::kChanged);
  CHECK(m.root.get("/shared/.clusterbench-share") == shareMarkerText(m.config));
  CHECK(m.root.get(std::string(kBackupDir) + "/shared/.clusterbench-share") ==
        "clusterbench: /shared exported by old\n");
  // Nothing but the marker in the directory other nodes write.
  CHECK(std::distance(fs::directory_iterator(m.root.fs->hostPath("/shared")),
                      fs::directory_iterator()) == 1);
  CHECK_FALSE(m.root.fs->exists("/etc/hosts.clusterbench-orig"));
}
