// The guest providers' pure parts: plans, command lines and parsers of nspawn, podman and qemu,
// checked without root, containers or VMs; the guest config files written into a temp tree.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "lab/guest_support.hpp"
#include "lab/lab_plan.hpp"
#include "lab/nspawn_provider.hpp"
#include "lab/podman_provider.hpp"
#include "lab/qemu_provider.hpp"
#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace {

using cb::lab::Argv;
using cb::lab::Provider;

cb::lab::LabPlan guestPlan(Provider provider) {
  cb::lab::LabOptions o;
  o.provider = provider;
  o.subnet = "198.18.110.0/24";
  o.prefix = "gt";
  o.stateDir = "/tmp/st";
  o.controllerBinary = "/opt/cb/bin/clusterbench";
  o.imageDir = "/var/cache/clusterbench/image";
  auto p = cb::lab::makeLabPlan(o);
  REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error()));
  return *p;
}

bool has(const Argv& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

/// The argument right after `flag`, "" when absent.
std::string after(const Argv& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

/// Every argument right after `flag`, in order.
std::vector<std::string> allAfter(const Argv& argv, const std::string& flag) {
  std::vector<std::string> out;
  for (auto it = argv.begin(); it != argv.end(); ++it) {
    if (*it == flag && it + 1 != argv.end()) out.push_back(*(it + 1));
  }
  return out;
}

/// No argument is a join token or passes one: the token only ever travels as a file.
void checkNoTokenInArgv(const Argv& argv, const std::string& token) {
  for (const auto& a : argv) {
    CAPTURE(a);
    CHECK(a != "--join-token");
    CHECK(a.rfind("--join-token=", 0) != 0);
    if (!token.empty()) CHECK(a.find(token) == std::string::npos);
  }
}

unsigned modeOf(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string textOf(const std::filesystem::path& p) {
  auto t = cb::os::readFile(p);
  REQUIRE_MESSAGE(t.ok(), t.error());
  return *t;
}

}  // namespace

TEST_CASE("providers parse by name and say which need namespaces or the image") {
  for (const char* name : {"netns", "loopback", "nspawn", "podman", "qemu"}) {
    auto p = cb::lab::parseProvider(name);
    REQUIRE(p.ok());
    CHECK(std::string(cb::lab::toString(*p)) == name);
  }
  auto bad = cb::lab::parseProvider("docker");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().find("'docker'") != std::string::npos);
  CHECK(cb::lab::hasNodeNamespaces(Provider::kPodman));
  CHECK(cb::lab::hasNodeNamespaces(Provider::kNspawn));
  CHECK_FALSE(cb::lab::hasNodeNamespaces(Provider::kQemu));
  CHECK(cb::lab::isGuestProvider(Provider::kQemu));
  CHECK_FALSE(cb::lab::isGuestProvider(Provider::kNetns));
}

TEST_CASE("container plans reuse the netns layout; guest options are validated") {
  auto p = guestPlan(Provider::kPodman);
  CHECK(p.bridge == "gt-br0");
  CHECK(p.gateway == "198.18.110.1");
  REQUIRE(p.nodes.size() == 3);
  CHECK(p.nodes[1].netns == "gt-node02");
  CHECK(p.nodes[1].guestName == "gt-node02");
  CHECK(p.nodes[1].cidr == "198.18.110.3/24");
  CHECK(p.nodes[1].logFile == "/tmp/st/lab/node02/console.log");

  cb::lab::LabOptions o;
  o.provider = Provider::kNspawn;
  o.stateDir = "/tmp/st";
  o.imageDir = "relative/dir";
  auto rel = cb::lab::makeLabPlan(o);
  REQUIRE_FALSE(rel.ok());
  CHECK(rel.error().find("relative/dir") != std::string::npos);
  o.imageDir = "/img";
  o.nodeMemoryMiB = 10;
  auto small = cb::lab::makeLabPlan(o);
  REQUIRE_FALSE(small.ok());
  CHECK(small.error().find("--node-memory 10") != std::string::npos);
  o.nodeMemoryMiB = 0;
  o.accel = "hvf";
  auto accel = cb::lab::makeLabPlan(o);
  REQUIRE_FALSE(accel.ok());
  CHECK(accel.error().find("'hvf'") != std::string::npos);
}

TEST_CASE("nspawn boots the node's overlay in the node's namespace, inside its cgroups") {
  auto p = guestPlan(Provider::kNspawn);
  const auto& n = p.nodes[0];
  auto paths = cb::lab::overlayPaths("/img/rootfs", n.dir);
  CHECK(cb::lab::overlayMountCommand(paths) ==
        Argv{"mount", "-t", "overlay", "overlay", "-o",
             "lowerdir=/img/rootfs,upperdir=/tmp/st/lab/master/upper,workdir=/tmp/st/lab/master/"
             "work",
             "/tmp/st/lab/master/rootfs"});
  Argv argv = cb::lab::nspawnArgv(n, paths);
  CHECK(argv.front() == "systemd-nspawn");
  CHECK(has(argv, "--boot"));
  CHECK(has(argv, "--register=no"));
  CHECK(has(argv, "--network-namespace-path=/run/netns/gt-master"));
  CHECK(has(argv, "--bind=/tmp/st/lab/master/agent:/var/lib/clusterbench/agent"));
  std::string joined;
  for (const auto& a : argv) joined += a + " ";
  CHECK(joined.find(cb::lab::nspawnNeedle(paths.merged)) != std::string::npos);
  checkNoTokenInArgv(argv, "");  // the token is a file in the overlay (writeGuestConfig)

  auto cgroups = cb::lab::nspawnCgroups("/sys/fs/cgroup", n.guestName);
  CHECK(cgroups[0] == "/sys/fs/cgroup/cpu/clusterbench/gt-master");
  CHECK(cgroups[1] == "/sys/fs/cgroup/memory/clusterbench/gt-master");
  Argv wrapped = cb::lab::inCgroups(cgroups, {"systemd-nspawn", "--boot"});
  CHECK(wrapped == Argv{"sh", "-c",
                        "echo $$ > \"$1/cgroup.procs\" && echo $$ > \"$2/cgroup.procs\" && "
                        "shift 2 && exec \"$@\"",
                        "sh", cgroups[0].string(), cgroups[1].string(), "systemd-nspawn",
                        "--boot"});
  CHECK(cb::lab::inCgroups({}, {"x"}) == Argv{"x"});
}

TEST_CASE("mount points under a dir come from /proc/self/mounts with escapes decoded") {
  std::string mounts =
      "overlay /tmp/st/lab/master/rootfs overlay rw,lowerdir=/img 0 0\n"
      "proc /tmp/st/lab/master/rootfs/proc proc rw 0 0\n"
      "overlay /tmp/st/lab/master/rootfs2 overlay rw 0 0\n"
      "tmpfs /tmp/with\\040space tmpfs rw 0 0\n";
  CHECK(cb::lab::mountsUnder(mounts, "/tmp/st/lab/master/rootfs") ==
        std::vector<std::string>{"/tmp/st/lab/master/rootfs", "/tmp/st/lab/master/rootfs/proc"});
  CHECK(cb::lab::mountsUnder(mounts, "/tmp/with space") ==
        std::vector<std::string>{"/tmp/with space"});
}

TEST_CASE("podman runs the agent as entrypoint in the node's namespace with limits") {
  auto p = guestPlan(Provider::kPodman);
  const auto& n = p.nodes[2];
  CHECK(cb::lab::podmanImageRef("0123456789abcdef") == "localhost/clusterbench-node:0123456789ab");
  Argv argv = cb::lab::podmanRunArgv(n, "localhost/clusterbench-node:x", "tcp://198.18.110.1:7700",
                                     "KEY", p.joinTokenFile, 1, 512);
  CHECK(Argv(argv.begin(), argv.begin() + 5) == cb::lab::podmanBase());
  CHECK(after(argv, "--runtime") == "runc");
  CHECK(after(argv, "--name") == "gt-node03");
  CHECK(after(argv, "--hostname") == "node03");
  CHECK(after(argv, "--network") == "ns:/run/netns/gt-node03");
  CHECK(after(argv, "--cpus") == "1.00");
  CHECK(after(argv, "--memory") == "512m");
  CHECK(after(argv, "--controller") == "tcp://198.18.110.1:7700");
  CHECK(after(argv, "--controller-key") == "KEY");
  CHECK(after(argv, "--volume") == "/tmp/st/lab/node03/agent:/var/lib/clusterbench/agent");
  CHECK(has(argv, "--init"));
  // The lab's token file (0600, root) is mounted read-only where the agent is told to read it.
  CHECK(p.joinTokenFile == "/tmp/st/lab/join-token");
  auto volumes = allAfter(argv, "--volume");
  CHECK(std::count(volumes.begin(), volumes.end(),
                   "/tmp/st/lab/join-token:/etc/clusterbench/join-token:ro") == 1);
  CHECK(after(argv, "--join-token-file") == "/etc/clusterbench/join-token");
  CHECK(std::string(cb::lab::kGuestJoinTokenFile) == "/etc/clusterbench/join-token");
  auto image = std::find(argv.begin(), argv.end(), "localhost/clusterbench-node:x");
  REQUIRE(image != argv.end());
  CHECK(std::find(image, argv.end(), "--join-token-file") != argv.end());  // an agent option
  checkNoTokenInArgv(argv, "");
  for (const auto& a : argv) CHECK(a.find("JOIN_TOKEN") == std::string::npos);  // no env either
}

TEST_CASE("qemu: one namespace with a bridge and taps, settings on the kernel command line") {
  auto p = guestPlan(Provider::kQemu);
  CHECK(p.vmNetns == "gt-vms");
  CHECK(p.bridge == "gt-br0");
  const auto& n = p.nodes[1];
  CHECK(n.netns.empty());
  CHECK(n.hostVeth.empty());
  CHECK(n.tap == "tap2");
  CHECK(n.mac == "52:54:00:00:6e:02");
  CHECK(n.cidr == "198.18.110.3/24");

  auto net = cb::lab::vmNetworkCommands(p);
  CHECK(net.front() == Argv{"ip", "link", "add", "name", "gt-vms", "type", "veth", "peer", "name",
                            "uplink", "netns", "gt-vms"});
  CHECK(std::find(net.begin(), net.end(),
                  Argv{"ip", "link", "set", "dev", "gt-vms", "master", "gt-br0"}) != net.end());
  CHECK(cb::lab::tapCommands(p, n).front() ==
        Argv{"ip", "-n", "gt-vms", "tuntap", "add", "dev", "tap2", "mode", "tap"});

  std::string append = cb::lab::qemuKernelAppend(p, n, "tcp://198.18.110.1:7700", "K*?[]");
  for (const char* word :
       {"root=/dev/vda", "systemd.hostname=node02", "net.ifnames=0",
        "clusterbench.controller=tcp://198.18.110.1:7700", "clusterbench.key=K*?[]",
        "clusterbench.ip=198.18.110.3/24", "clusterbench.gw=198.18.110.1"}) {
    CHECK_MESSAGE(append.find(word) != std::string::npos, word);
  }

  cb::image::ImageInfo image;
  image.disk = "/img/disk.img";
  image.kernel = "/img/vmlinuz";
  image.initrd = "/img/initrd.img";
  Argv tcg = cb::lab::qemuArgv(p, n, image, "tcg", append);
  CHECK(Argv(tcg.begin(), tcg.begin() + 5) ==
        Argv{"ip", "netns", "exec", "gt-vms", "qemu-system-x86_64"});
  CHECK(after(tcg, "-accel") == "tcg,thread=multi,tb-size=256");
  CHECK(after(tcg, "-m") == "512");
  CHECK(after(tcg, "-smp") == "1");
  CHECK(after(tcg, "-append") == append);
  CHECK(has(tcg, "-snapshot"));
  CHECK(after(tcg, "-netdev") == "tap,id=n0,ifname=tap2,script=no,downscript=no");
  CHECK(after(tcg, "-serial") == cb::lab::qemuNeedle(n.dir));
  Argv kvm = cb::lab::qemuArgv(p, n, image, "kvm", append);
  CHECK(after(kvm, "-accel") == "kvm");
  CHECK(after(kvm, "-cpu") == "host");

  // The join token goes by fw_cfg from the lab's 0600 file, never on the kernel command line
  // (/proc/cmdline is world-readable) nor on QEMU's.
  CHECK(after(tcg, "-fw_cfg") == "name=opt/clusterbench/join-token,file=/tmp/st/lab/join-token");
  CHECK(after(kvm, "-fw_cfg") == after(tcg, "-fw_cfg"));
  CHECK(append.find("token") == std::string::npos);
  checkNoTokenInArgv(tcg, "");
  // A comma in the path is doubled, as QEMU's option syntax wants.
  auto commas = p;
  commas.joinTokenFile = "/tmp/a,b/join-token";
  CHECK(after(cb::lab::qemuArgv(commas, n, image, "tcg", append), "-fw_cfg") ==
        "name=opt/clusterbench/join-token,file=/tmp/a,,b/join-token");
}

TEST_CASE("guest config files: agent.conf names the controller, the pinned key and token files") {
  std::string conf = cb::lab::agentConfFile("tcp://198.18.110.1:7700");
  CHECK(conf.find("\ncontroller = \"tcp://198.18.110.1:7700\"\n") != std::string::npos);
  CHECK(conf.find("\ncontroller-key = \"/etc/clusterbench/controller.pub\"\n") !=
        std::string::npos);
  CHECK(conf.find("\njoin-token-file = \"/etc/clusterbench/join-token\"\n") != std::string::npos);
  CHECK(conf.find("join-token =") == std::string::npos);
}

TEST_CASE("guest config files are written into the guest tree, the join token 0600") {
  cb::test::TempDir tmp;
  auto p = guestPlan(Provider::kNspawn);
  const auto& n = p.nodes[1];
  const std::string token(64, 'a');
  auto root = tmp.path() / "upper";
  REQUIRE(cb::lab::writeGuestConfig(root, n, "tcp://198.18.110.1:7700", "KEY", token).ok());
  CHECK(textOf(root / "etc/hostname") == "node02\n");
  CHECK(textOf(root / "etc/clusterbench/controller.pub") == "KEY\n");
  CHECK(textOf(root / "etc/clusterbench/agent.conf") ==
        cb::lab::agentConfFile("tcp://198.18.110.1:7700"));
  CHECK(textOf(root / "etc/clusterbench/join-token") == token + "\n");
  CHECK(modeOf(root / "etc/clusterbench/join-token") == 0600);
  CHECK(modeOf(root / "etc/clusterbench/agent.conf") == 0644);
  CHECK(textOf(root / "etc/clusterbench/agent.conf").find(token) == std::string::npos);
  // No temp file is left beside them.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(root / "etc/clusterbench")) {
    CAPTURE(e.path());
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
    ++files;
  }
  CHECK(files == 3);

  // Written again over a symlink the guest left in the token's place: the link is replaced,
  // its target (outside the guest) is untouched.
  auto outside = tmp.path() / "host-file";
  std::ofstream(outside) << "host\n";
  auto tokenPath = root / "etc/clusterbench/join-token";
  std::filesystem::remove(tokenPath);
  std::filesystem::create_symlink(outside, tokenPath);
  REQUIRE(cb::lab::writeGuestConfig(root, n, "tcp://198.18.110.1:7700", "KEY", token).ok());
  CHECK_FALSE(std::filesystem::is_symlink(tokenPath));
  CHECK(textOf(tokenPath) == token + "\n");
  CHECK(textOf(outside) == "host\n");

  // A guest directory that is a symlink out of the tree is refused, naming it; nothing is
  // written through it.
  auto other = tmp.path() / "other";
  auto hostDir = tmp.path() / "host-dir";
  std::filesystem::create_directories(other / "etc");
  std::filesystem::create_directories(hostDir);
  std::filesystem::create_directory_symlink(hostDir, other / "etc/clusterbench");
  auto refused = cb::lab::writeGuestConfig(other, n, "tcp://198.18.110.1:7700", "KEY", token);
  REQUIRE_FALSE(refused.ok());
  CHECK_MESSAGE(refused.error().find((other / "etc/clusterbench").string()) != std::string::npos,
                refused.error());
  CHECK(std::filesystem::is_empty(hostDir));
}

TEST_CASE("the lab's join token is read from its file; a missing or odd file is an error") {
  cb::test::TempDir tmp;
  auto p = guestPlan(Provider::kNspawn);
  p.joinTokenFile = tmp.path() / "join-token";
  auto missing = cb::lab::readLabJoinToken(p);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().find(p.joinTokenFile.string()) != std::string::npos);
  REQUIRE(cb::os::writeFileAtomic(p.joinTokenFile, "  abc123\n", 0600).ok());
  auto token = cb::lab::readLabJoinToken(p);
  REQUIRE_MESSAGE(token.ok(), token.error());
  CHECK(*token == "abc123");
  REQUIRE(cb::os::writeFileAtomic(p.joinTokenFile, "a b\n", 0600).ok());
  CHECK_FALSE(cb::lab::readLabJoinToken(p).ok());
  REQUIRE(cb::os::writeFileAtomic(p.joinTokenFile, "\n", 0600).ok());
  CHECK_FALSE(cb::lab::readLabJoinToken(p).ok());
}
