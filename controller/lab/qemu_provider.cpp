#include "lab/qemu_provider.hpp"

#include <unistd.h>

#include <fstream>
#include <thread>

#include "lab/detached_process.hpp"
#include "lab/guest_support.hpp"
#include "lab/process_tree.hpp"
#include "lab/qemu_disk.hpp"

namespace cb::lab {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kQemu = "qemu-system-x86_64";
constexpr std::chrono::seconds kKvmProbeTimeout{20};
constexpr std::chrono::seconds kStopGrace{5};

fs::path consoleOf(const fs::path& nodeDir) {
  return nodeDir / "console.log";
}

bool fileContains(const fs::path& file, const std::string& needle) {
  std::ifstream in(file, std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  return text.find(needle) != std::string::npos;
}

bool executableInPath(const std::string& name) {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
    if (::access((std::string(dir) + "/" + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

std::string qemuKernelAppend(const LabPlan& plan, const NodePlan& n, const std::string& dial,
                             const std::string& controllerKey) {
  // The journal goes to the serial console too: <node>/console.log is the window into a VM.
  // Only public values here (/proc/cmdline is world-readable): the join token goes by fw_cfg.
  return "root=/dev/vda rw console=ttyS0 quiet mitigations=off net.ifnames=0 panic=-1"
         " systemd.journald.forward_to_console=1 systemd.hostname=" +
         n.hostname + " clusterbench.controller=" + dial + " clusterbench.key=" + controllerKey +
         " clusterbench.ip=" + n.cidr + " clusterbench.gw=" + plan.gateway;
}

std::string qemuNeedle(const fs::path& nodeDir) {
  return "file:" + consoleOf(nodeDir).string();
}

Argv qemuArgv(const LabPlan& plan, const NodePlan& n, const image::ImageInfo& image,
              const std::string& accel, const std::string& append) {
  int cpus = plan.nodeCpus > 0 ? static_cast<int>(plan.nodeCpus + 0.5) : kQemuDefaultCpus;
  if (cpus < 1) cpus = 1;
  int memory = plan.nodeMemoryMiB > 0 ? plan.nodeMemoryMiB : kQemuDefaultMemoryMiB;
  Argv argv = {"ip", "netns", "exec", plan.vmNetns, kQemu, "-name", n.guestName};
  if (accel == "kvm") {
    argv.insert(argv.end(), {"-accel", "kvm", "-cpu", "host"});
  } else {
    // tb-size bounds the translation cache (RSS reaches ~1 GB per VM without it).
    argv.insert(argv.end(), {"-accel", "tcg,thread=multi,tb-size=256", "-cpu", "max"});
  }
  // The join token is a firmware file QEMU reads from the host's 0600 file at start; the image's
  // node-setup copies it from /sys/firmware/qemu_fw_cfg to /etc/clusterbench/join-token.
  const std::string fwCfgToken =
      "name=opt/clusterbench/join-token,file=" + qemuOptionValue(plan.joinTokenFile.string());
  Argv rest = {"-M",         "q35",
               "-m",         std::to_string(memory),
               "-smp",       std::to_string(cpus),
               "-nographic", "-no-reboot",
               "-monitor",   "none",
               "-kernel",    image.kernel.string(),
               "-initrd",    image.initrd.string(),
               "-append",    append};
  const auto drive = qemuDriveArgs(plan.disk, image.disk, n.dir);
  rest.insert(rest.end(), drive.begin(), drive.end());
  Argv network = {"-netdev", "tap,id=n0,ifname=" + n.tap + ",script=no,downscript=no",
                  "-device", "virtio-net-pci,netdev=n0,mac=" + n.mac,
                  "-serial", qemuNeedle(n.dir),
                  "-fw_cfg", fwCfgToken};
  argv.insert(argv.end(), rest.begin(), rest.end());
  argv.insert(argv.end(), network.begin(), network.end());
  return argv;
}

std::vector<Argv> vmNetworkCommands(const LabPlan& p) {
  const std::string& ns = p.vmNetns;
  return {{"ip", "link", "add", "name", p.vmVeth, "type", "veth", "peer", "name", "uplink", "netns",
           ns},
          {"ip", "-n", ns, "link", "add", "name", "br0", "type", "bridge"},
          {"ip", "-n", ns, "link", "set", "dev", "br0", "up"},
          {"ip", "-n", ns, "link", "set", "dev", "uplink", "master", "br0"},
          {"ip", "-n", ns, "link", "set", "dev", "uplink", "up"},
          {"ip", "link", "set", "dev", p.vmVeth, "master", p.bridge},
          {"ip", "link", "set", "dev", p.vmVeth, "up"}};
}

std::vector<Argv> tapCommands(const LabPlan& p, const NodePlan& n) {
  const std::string& ns = p.vmNetns;
  return {{"ip", "-n", ns, "tuntap", "add", "dev", n.tap, "mode", "tap"},
          {"ip", "-n", ns, "link", "set", "dev", n.tap, "master", "br0"},
          {"ip", "-n", ns, "link", "set", "dev", n.tap, "up"}};
}

Status QemuRuntime::check(const LabPlan& plan) {
  if (!executableInPath(kQemu)) {
    return fail(std::string(kQemu) +
                " is not installed (apt-get install qemu-system-x86; see `clusterbench doctor`)");
  }
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  auto now = NetnsProvider(env_.run).snapshot();
  if (!now) return fail(now.error());
  if (now->namespaces.count(plan.vmNetns) || now->links.count(plan.vmVeth)) {
    return fail("'" + plan.vmNetns + "' already exists on this host (another lab with --prefix " +
                plan.prefix + "?); run `clusterbench lab down` for it or choose another --prefix");
  }
  return okStatus();
}

std::string QemuRuntime::probeKvm(const LabPlan& plan, const image::ImageInfo& image,
                                  std::chrono::seconds timeout) {
  if (::access("/dev/kvm", R_OK | W_OK) != 0) return "tcg";
  fs::path log = plan.paths.labDir / "kvm-probe.console.log";
  Argv argv = {kQemu,
               "-nic",
               "none",
               "-accel",
               "kvm",
               "-cpu",
               "host",
               "-M",
               "q35",
               "-m",
               "256",
               "-nographic",
               "-no-reboot",
               "-monitor",
               "none",
               "-kernel",
               image.kernel.string(),
               "-append",
               "console=ttyS0 panic=-1 root=/dev/null",
               "-serial",
               "file:" + log.string()};
  auto pid = spawnDetached(argv, plan.paths.labDir / "kvm-probe.log");
  if (!pid) return "tcg";
  bool booted = false;
  for (auto deadline = Clock::now() + timeout; Clock::now() < deadline && !booted;) {
    booted = fileContains(log, "Linux version");
    if (!booted && !isRunning(*pid)) break;
    if (!booted) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  (void)stopTree(*pid, "file:" + log.string(), std::chrono::seconds(2));
  return booted ? "kvm" : "tcg";
}

Status QemuRuntime::prepare(const LabPlan& plan, LabJournal& journal) {
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  std::string accel = plan.accel;
  if (accel == "auto") {
    if (env_.say)
      env_.say("probing KVM (a kernel boot within " + std::to_string(kKvmProbeTimeout.count()) +
               " s)");
    accel = probeKvm(plan, *info, kKvmProbeTimeout);
  }
  if (env_.say) {
    env_.say("VMs use " + accel +
             (accel == "tcg" ? " (software emulation: about 1-3 minutes to boot)" : "") +
             "; disks " + toString(plan.disk.format) + ", cache " + toString(plan.disk.cache));
  }
  if (auto s = journal.update([&](LabState& st) {
        st.image = plan.imageDir.string();
        st.accel = accel;
        st.diskFormat = toString(plan.disk.format);
        st.diskCache = toString(plan.disk.cache);
        st.vmNetns = plan.vmNetns;
      });
      !s) {
    return s;
  }
  NetnsProvider ip(env_.run);
  if (auto s = ip.run({"ip", "netns", "add", plan.vmNetns}); !s) {
    (void)journal.update([](LabState& st) { st.vmNetns.clear(); });
    return s;
  }
  auto commands = vmNetworkCommands(plan);
  if (auto s = journal.update([&](LabState& st) { st.vmVeth = plan.vmVeth; }); !s) return s;
  if (auto s = ip.run(commands.front()); !s) {
    (void)journal.update([](LabState& st) { st.vmVeth.clear(); });
    return s;
  }
  return ip.runAll({commands.begin() + 1, commands.end()});
}

Status QemuRuntime::start(const LabPlan& plan, std::size_t i, const std::string& dial,
                          const std::string& controllerKey, LabJournal& journal) {
  const NodePlan& n = plan.nodes[i];
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  if (auto s = NetnsProvider(env_.run).runAll(tapCommands(plan, n)); !s) return s;
  if (plan.disk.format == DiskFormat::kQcow2) {
    // A fresh overlay each boot, in the node's directory (lab down removes it with the lab).
    const fs::path overlay = qcow2OverlayPath(n.dir);
    std::error_code ec;
    fs::remove(overlay, ec);
    auto made = NetnsProvider(env_.run).run(qcow2CreateArgv(fs::absolute(info->disk), overlay));
    if (!made) return fail("VM " + n.hostname + ": " + made.error());
  }
  Argv argv = qemuArgv(plan, n, *info, journal.state().accel,
                       qemuKernelAppend(plan, n, dial, controllerKey));
  if (env_.say) env_.say("booting VM " + n.guestName + " (console " + n.logFile.string() + ")");
  if (auto s = journal.update([&](LabState& st) { st.nodes[i].guest = n.guestName; }); !s) {
    return s;
  }
  auto pid = spawnDetached(argv, n.dir / "qemu.log");
  if (!pid) return fail("VM " + n.hostname + ": " + pid.error());
  return journal.update([&](LabState& st) { st.nodes[i].pid = *pid; });
}

bool QemuRuntime::running(const LabState& state, std::size_t i) {
  const NodeRecord& r = state.nodes[i];
  return r.pid > 0 && isRunning(r.pid) && commandLineContains(r.pid, qemuNeedle(r.dir));
}

std::string QemuRuntime::whyNotRunning(const LabState& state, std::size_t i) {
  const NodeRecord& r = state.nodes[i];
  return "the VM of " + r.hostname + " (QEMU pid " + std::to_string(r.pid) + ") exited; " +
         "last lines of " + (r.dir / "qemu.log").string() + ":\n" + logTail(r.dir / "qemu.log") +
         consoleTail(consoleOf(r.dir));
}

Status QemuRuntime::remove(LabJournal& journal, std::size_t i) {
  const NodeRecord& r = journal.state().nodes[i];
  if (r.pid > 0) {
    if (env_.say) env_.say("stopping VM " + r.hostname + " (pid " + std::to_string(r.pid) + ")");
    if (auto s = stopTree(r.pid, qemuNeedle(r.dir), kStopGrace); !s) return s;
    if (auto s = journal.update([i](LabState& st) { st.nodes[i].pid = 0; }); !s) return s;
  }
  if (r.guest.empty()) return okStatus();
  return journal.update([i](LabState& st) { st.nodes[i].guest.clear(); });
}

Status QemuRuntime::removeShared(LabJournal& journal) {
  NetnsProvider ip(env_.run);
  auto now = ip.snapshot();
  if (!now) return fail(now.error());
  // Deleting the namespace deletes its taps and the uplink pair with it.
  if (!journal.state().vmNetns.empty()) {
    if (env_.say) env_.say("removing namespace " + journal.state().vmNetns);
    if (auto s = ip.deleteNetnsIfPresent(journal.state().vmNetns, *now); !s) return s;
  }
  now = ip.snapshot();
  if (!now) return fail(now.error());
  if (auto s = ip.deleteLinkIfPresent(journal.state().vmVeth, *now); !s) return s;
  return journal.update([](LabState& st) {
    st.vmNetns.clear();
    st.vmVeth.clear();
    st.image.clear();
  });
}

std::vector<std::string> QemuRuntime::leftovers(const LabState& state) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < state.nodes.size(); ++i) {
    if (running(state, i)) out.push_back("VM " + state.nodes[i].hostname);
  }
  auto now = NetnsProvider(env_.run).snapshot();
  std::string name = state.prefix + "-vms";
  if (now && now->namespaces.count(name)) out.push_back("namespace " + name);
  if (now && now->links.count(name)) out.push_back("link " + name);
  return out;
}

}  // namespace cb::lab
