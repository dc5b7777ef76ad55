// Plans of the file-owning appliers (hostname, hosts, nfs_export, autofs) observed on a
// temporary root that holds the user's own content.
#include <doctest/doctest.h>

#include "config/autofs_applier.hpp"
#include "config/hostname_applier.hpp"
#include "config/hosts_applier.hpp"
#include "config/nfs_export_applier.hpp"
#include "unit/agent/config_test_support.hpp"

using namespace cb::agent::config;
using cb::test::FakeNode;
using cb::test::TempRoot;

namespace {

/// Debian's /etc/hosts as the installer leaves it, with the template VM's name.
const std::string kDebianHosts =
    "127.0.0.1\tlocalhost\n127.0.1.1\ttemplate\n\n"
    "# The following lines are desirable for IPv6 capable hosts\n"
    "::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\n";

std::vector<std::string> argvs(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& c : plan.commands) out.push_back(displayCommand(c.argv));
  return out;
}

}  // namespace

TEST_CASE("hostname: file and running name") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::masterConfig();

  root.put("/etc/hostname", "template\n");
  auto current = observeHostname(env);
  REQUIRE(current);
  CHECK(current->running == "template");
  Plan plan = planHostname(config, *current);
  REQUIRE(plan.files.size() == 1);
  CHECK(plan.files[0].path == "/etc/hostname");
  CHECK(plan.files[0].oldContent == "template\n");
  CHECK(plan.files[0].newContent == "master\n");
  CHECK(argvs(plan) == std::vector<std::string>{"hostname master"});

  // Persisted but not running (no reboot yet), and the reverse; a missing newline is fine.
  CHECK(planHostname(config, {"master", "template"}).files.empty());
  CHECK(planHostname(config, {"master", "template"}).commands.size() == 1);
  plan = planHostname(config, {std::nullopt, "master"});
  CHECK(plan.files.size() == 1);
  CHECK(plan.commands.empty());
  CHECK(planHostname(config, {"master\n", "master"}).empty());
}

TEST_CASE("hosts: the cluster's names in the block, the user's lines kept") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::workerConfig();
  const std::string block =
      "# BEGIN clusterbench\n198.18.102.1 master\n198.18.102.2 node02\n# END clusterbench\n";

  SUBCASE("no block yet") {
    root.put("/etc/hosts", kDebianHosts);
    auto current = observeHosts(env);
    REQUIRE(current);
    Plan plan = planHosts(config, *current);
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].newContent == kDebianHosts + block);
    CHECK(plan.commands.empty());
    CHECK(plan.notes.empty());
  }
  SUBCASE("a stale block with an old node") {
    root.put("/etc/hosts",
             "127.0.0.1 localhost\n# BEGIN clusterbench\n198.18.102.9 node09\n"
             "# END clusterbench\n::1 localhost\n");
    Plan plan = planHosts(config, *observeHosts(env));
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].newContent == "127.0.0.1 localhost\n" + block + "::1 localhost\n");
  }
  SUBCASE("up to date") {
    root.put("/etc/hosts", kDebianHosts + block);
    CHECK(planHosts(config, *observeHosts(env)).empty());
  }
  SUBCASE("no /etc/hosts at all") {
    Plan plan = planHosts(config, *observeHosts(env));
    REQUIRE(plan.files.size() == 1);
    CHECK_FALSE(plan.files[0].oldContent.has_value());
    CHECK(plan.files[0].newContent == block);
  }
  SUBCASE("a user line that shadows a cluster name is reported, not changed") {
    // What the seed's users had by hand, and what Debian writes for the hostname.
    const std::string user = "127.0.0.1 localhost\n127.0.1.1 node02\n192.168.0.1 master\n";
    root.put("/etc/hosts", user + block);
    Plan plan = planHosts(config, *observeHosts(env));
    CHECK(plan.files.empty());
    REQUIRE(plan.notes.size() == 2);
    CHECK(plan.notes[0].find("\"127.0.1.1 node02\"") != std::string::npos);
    CHECK(plan.notes[0].find("maps node02 to 127.0.1.1, not 198.18.102.2") != std::string::npos);
    CHECK(plan.notes[1].find("maps master to 192.168.0.1") != std::string::npos);
  }
}

TEST_CASE("nfs_export: the seed's export line in the block, directory created") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  auto config = cb::test::masterConfig();
  const std::string userExports =
      "# /etc/exports: the access control list for filesystems which may be exported\n"
      "/srv/old 10.0.0.0/8(ro)\n";
  root.put("/etc/exports", userExports);

  auto current = observeNfsExport(config, env);
  REQUIRE(current);
  CHECK_FALSE(current->sharedDirExists);
  CHECK_FALSE(current->systemdRunning);  // no /run/systemd/system under the root
  auto plan = planNfsExport(config, *current);
  REQUIRE(plan);
  REQUIRE(plan->files.size() == 2);
  // The share marker that workers read through their mount, in the directory made first.
  CHECK(plan->files[0].path == "/shared/.clusterbench-share");
  CHECK(plan->files[0].newContent == "clusterbench: /shared exported by master\n");
  CHECK_FALSE(plan->files[0].oldContent);
  CHECK(plan->files[1].newContent ==
        userExports +
            "# BEGIN clusterbench\n"
            "/shared 198.18.102.0/24(rw,sync,no_root_squash,no_subtree_check)\n"
            "# END clusterbench\n");
  CHECK(plan->directories == std::vector<std::string>{"/shared"});
  CHECK(argvs(*plan) == std::vector<std::string>{"exportfs -ra"});
  CHECK(plan->commands[0].service);

  SUBCASE("with systemd running, the server is enabled first") {
    root.put("/run/systemd/system/.keep", "");
    plan = planNfsExport(config, *observeNfsExport(config, env));
    CHECK(argvs(*plan) ==
          std::vector<std::string>{"systemctl enable --now nfs-kernel-server", "exportfs -ra"});
  }
  SUBCASE("several clients on one line") {
    config.exportClients = {"node02", "198.18.102.0/24"};
    CHECK(renderExportsBlock(config) ==
          "/shared node02(rw,sync,no_root_squash,no_subtree_check) "
          "198.18.102.0/24(rw,sync,no_root_squash,no_subtree_check)\n");
  }
  SUBCASE("no client is refused") {
    config.exportClients.clear();
    CHECK_FALSE(planNfsExport(config, *current));
  }
  SUBCASE("applied already: nothing to do") {
    root.put("/etc/exports", plan->files[1].newContent);
    root.put("/shared/.clusterbench-share", plan->files[0].newContent);
    plan = planNfsExport(config, *observeNfsExport(config, env));
    REQUIRE(plan);
    CHECK(plan->empty());
  }
}

TEST_CASE("autofs: a direct map in files clusterbench owns") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::workerConfig();
  // Debian's autofs package ships an auto.master that reads auto.master.d.
  root.put("/etc/auto.master", "#\n/misc\t/etc/auto.misc\n+dir:/etc/auto.master.d\n+auto.master\n");
  root.put("/run/systemd/system/.keep", "");

  auto current = observeAutofs(config, env);
  REQUIRE(current);
  Plan plan = planAutofs(config, *current);
  REQUIRE(plan.files.size() == 2);
  CHECK(plan.files[0].path == "/etc/auto.master.d/clusterbench.autofs");
  CHECK(plan.files[0].newContent == std::string(kOwnedFileHeader) + "/- /etc/auto.clusterbench\n");
  CHECK(plan.files[1].path == "/etc/auto.clusterbench");
  CHECK(plan.files[1].newContent ==
        std::string(kOwnedFileHeader) + "/shared -fstype=nfs,rw master:/shared\n");
  CHECK(argvs(plan) == std::vector<std::string>{"systemctl restart autofs"});
  CHECK(plan.notes.empty());

  root.put(plan.files[0].path, plan.files[0].newContent);
  root.put(plan.files[1].path, plan.files[1].newContent);
  node.shareMarker = "clusterbench: /shared exported by master\n";  // the share is mounted
  CHECK(planAutofs(config, *observeAutofs(config, env)).empty());

  SUBCASE("applied, services running: the master's marker is read through the mount") {
    ConfigEnv live{*root.fs, node, {true}};
    const std::string probe =
        "timeout -k 5 20 dd if=/shared/.clusterbench-share iflag=nofollow bs=4096 count=1 "
        "status=none";
    node.shareMarker = "clusterbench: /shared exported by master\n";
    auto observed = observeAutofs(config, live);
    REQUIRE(observed);
    REQUIRE(observed->shareProbe);
    plan = planAutofs(config, *observed);
    CHECK(plan.empty());
    REQUIRE(plan.notes.size() == 1);
    CHECK(plan.notes[0] ==
          "master:/shared is mounted on /shared: read .clusterbench-share (\"clusterbench: /shared "
          "exported by master\")");
    CHECK(node.calls.back() == probe);

    node.shareMarker.reset();
    auto unreadable = autofsApplier().prepare(config, live);
    REQUIRE(unreadable);
    CHECK(unreadable->files.empty());
    CHECK(argvs(*unreadable) == std::vector<std::string>{"systemctl restart autofs"});
    REQUIRE(unreadable->notes.size() == 1);
    CHECK(unreadable->notes[0].find("master:/shared is not readable through /shared") == 0);
    CHECK(unreadable->notes[0].find("No such file or directory") != std::string::npos);
  }
  SUBCASE("services disabled (the netns lab): no probe") {
    ConfigEnv lab{*root.fs, node, {false}};
    auto observed = observeAutofs(config, lab);
    REQUIRE(observed);
    CHECK_FALSE(observed->shareProbe);
  }
  SUBCASE("an auto.master without the include is reported") {
    root.put("/etc/auto.master", "/misc /etc/auto.misc\n# +dir:/etc/auto.master.d\n");
    plan = planAutofs(config, *observeAutofs(config, env));
    REQUIRE(plan.notes.size() == 2);  // the warning, then the share read through the mount
    CHECK(plan.notes[0].find("no \"+dir:/etc/auto.master.d\" line") != std::string::npos);
    CHECK(plan.notes[1].find("is mounted on /shared") != std::string::npos);
  }
}
