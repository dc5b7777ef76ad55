// `clusterbench lab up|down|status`: a whole cluster on this machine (DESIGN §7). Flag parsing,
// the real side effects (runSync, the binaries beside this one) and printing; the work is in
// controller/lab.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "control/control_client.hpp"
#include "image/image_info.hpp"
#include "lab/lab.hpp"

namespace cb::cli {
namespace {

struct UpFlags {
  int nodes = 3;
  std::string subnet = "198.18.0.0/24";
  std::string prefix = "cb";
  int port = lab::kDefaultAgentPort;
  int metricsPort = lab::kDefaultMetricsPort;
  int timeoutSeconds = 0;  // 0: 60 s, 180 s for containers, 900 s for VMs
  std::string provider = "netns";
  std::string imageDir;  // guests: empty = CLUSTERBENCH_IMAGE_DIR or the default
  double nodeCpus = 0;
  int nodeMemoryMiB = 0;
  std::string accel = "auto";
  std::string diskFormat = lab::toString(lab::kDefaultDiskFormat);
  std::string diskCache = lab::toString(lab::kDefaultDiskCache);
  int heartbeatMs = 0;
  int missedHeartbeats = 0;
};

int defaultTimeoutSeconds(lab::Provider p) {
  if (p == lab::Provider::kQemu) return 900;
  return lab::isGuestProvider(p) ? 180 : 60;
}

/// Set once SIGINT/SIGTERM arrives while `lab up` runs (see catchInterrupts).
std::atomic<bool> gInterrupted{false};

lab::LabEnv realEnv() {
  lab::LabEnv env;
  env.run = [](const lab::Argv& argv) {
    return os::runSync(argv, std::chrono::seconds(30), os::ChildEnvironment::kInherit);
  };
  env.say = [](const std::string& line) { std::cerr << line << "\n"; };
  env.interrupted = [] { return gInterrupted.load(); };
  return env;
}

/// Ctrl-C during `lab up` stops it at its next step, which then removes what it created; a
/// second one quits at once. The signals are blocked and taken by a sigwait thread, so no
/// blocking call of the CLI sees EINTR; children reset their mask before exec.
void catchInterrupts() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set] {
    int sig = 0;
    ::sigwait(&set, &sig);
    gInterrupted = true;
    std::cerr << "interrupted: removing what this lab up created (again to quit at once)\n";
    ::sigwait(&set, &sig);
    std::_Exit(130);
  }).detach();
}

/// The command that repeats this invocation's state dir choice, for hints.
std::string cliPrefix(const GlobalOptions& g) {
  return g.stateDir.empty() ? "clusterbench" : "clusterbench --state-dir " + g.stateDir;
}

std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) return "-";
  return it->get<std::string>();
}

void printStatus(const nlohmann::json& s, const GlobalOptions& g) {
  if (!s.value("up", false)) {
    std::cout << "no lab in " << s.value("state_dir", "") << "\n";
    return;
  }
  const auto& c = s["controller"];
  std::cout << "lab: " << s.value("provider", "") << ", " << s["nodes"].size() << " nodes";
  if (s.value("provider", "") != "loopback") {
    std::cout << " on " << s.value("subnet", "") << " (bridge " << text(s, "bridge") << ")";
  }
  if (!s.value("accel", "").empty()) std::cout << ", accel " << s.value("accel", "");
  if (!s.value("disk_format", "").empty()) {
    std::cout << ", disks " << s.value("disk_format", "") << " (cache " << s.value("disk_cache", "")
              << ")";
  }
  std::cout << (s.value("complete", false) ? "" : " [INCOMPLETE: run lab down]") << "\n"
            << "controller: " << (c.value("reachable", false) ? "running" : "NOT REACHABLE")
            << ", pid " << c.value("pid", 0)
            << (c.value("started_by_lab", false) ? " (started by the lab)" : "") << ", agents dial "
            << text(c, "agent_endpoint") << "\n";
  Table t({"HOSTNAME", "NAMESPACE", "ADDRESS", "NODE ID", "STATE", "VIRT", "PID"});
  for (const auto& n : s["nodes"]) {
    std::string id = n.value("node_id", "");
    std::string pid = std::to_string(n.value("pid", 0));
    if (!n.value("running", false)) pid += " (not running)";
    std::string host = n.value("hostname", "");
    std::string reported = n.value("reported_hostname", host);
    if (reported != host) host += " (reports " + reported + ")";
    std::string virt = n.value("virt_kind", "");
    if (!n.value("virt_tech", "").empty()) virt += "/" + n.value("virt_tech", "");
    t.add({host, text(n, "namespace"), n.value("address", ""), id.empty() ? "-" : id.substr(0, 12),
           n.value("state", ""), virt.empty() ? "-" : virt, pid});
  }
  t.print(std::cout);
  std::cout << "metrics: " << text(s, "metrics_url") << "\n"
            << "stop it with: " << cliPrefix(g) << " lab down\n";
}

void addUp(CLI::App& lab, GlobalOptions& g) {
  auto* cmd = lab.add_subcommand("up", "Build the lab and wait until every node is ready");
  auto f = std::make_shared<UpFlags>();
  cmd->add_option("--nodes", f->nodes, "number of nodes: master, node02, … (1-50)")
      ->capture_default_str();
  cmd->add_option("--subnet", f->subnet, "lab subnet inside 198.18.0.0/15; .1 is the bridge")
      ->capture_default_str();
  cmd->add_option("--prefix", f->prefix, "name prefix of namespaces and links ([a-z0-9]{1,6})")
      ->capture_default_str();
  cmd->add_option("--port", f->port, "TCP port of the controller's agent endpoint")
      ->capture_default_str();
  cmd->add_option("--metrics-port", f->metricsPort, "127.0.0.1 port for /metrics (0 = any)")
      ->capture_default_str();
  cmd->add_option("--timeout", f->timeoutSeconds,
                  "seconds to wait for the nodes to be ready (default 60; 180 for containers, "
                  "900 for VMs)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--provider", f->provider,
                  "netns (root), loopback (plain processes), or from the template image "
                  "(`clusterbench image build`): nspawn, podman (containers), qemu (VMs)")
      ->check(CLI::IsMember({"netns", "loopback", "nspawn", "podman", "qemu"}))
      ->capture_default_str();
  cmd->add_option("--image-dir", f->imageDir,
                  "template image for nspawn/podman/qemu (default $CLUSTERBENCH_IMAGE_DIR, else " +
                      std::string(image::kDefaultImageDir) + ")");
  cmd->add_option("--node-cpus", f->nodeCpus,
                  "CPUs per container or VM (default: podman 2 like the seed's compose, capped "
                  "at this machine's; qemu 1)")
      ->check(CLI::Range(0.0, 256.0));
  cmd->add_option("--node-memory", f->nodeMemoryMiB,
                  "MiB per container or VM (default: podman 2048, qemu 512)")
      ->check(CLI::Range(0, 1024 * 1024));
  cmd->add_option("--accel", f->accel,
                  "qemu: auto (KVM when a probe boot works, else TCG), kvm, tcg")
      ->check(CLI::IsMember({"auto", "kvm", "tcg"}))
      ->capture_default_str();
  cmd->add_option("--disk-format", f->diskFormat,
                  "qemu: raw (the template image under -snapshot) or qcow2 (a fresh qcow2 "
                  "overlay per node, made with qemu-img)")
      ->capture_default_str();
  cmd->add_option("--disk-cache", f->diskCache,
                  "qemu: the disks' host cache mode: none, writeback, writethrough, unsafe, "
                  "directsync")
      ->capture_default_str();
  cmd->add_option("--heartbeat-ms", f->heartbeatMs,
                  "heartbeat interval of the controller the lab starts (default: the "
                  "controller's)")
      ->check(CLI::Range(50, 600000));
  cmd->add_option("--missed-heartbeats", f->missedHeartbeats,
                  "silent intervals before that controller declares a node lost (default: the "
                  "controller's)")
      ->check(CLI::Range(1, 100));
  cmd->add_flag("--json", g.json, "print the lab status as JSON");
  cmd->callback([&g, f] {
    lab::LabOptions o;
    auto provider = lab::parseProvider(f->provider);
    if (!provider) failCommand(provider.error(), 2);
    o.provider = *provider;
    if (o.provider != lab::Provider::kNetns && o.provider != lab::Provider::kLoopback &&
        ::geteuid() != 0) {
      failCommand("--provider " + f->provider + " needs root (namespaces, mounts, containers)", 2);
    }
    if (o.provider == lab::Provider::kNetns && ::geteuid() != 0) {
      o.provider = lab::Provider::kLoopback;
      std::cerr << "NOTE: not running as root, so no network namespaces: the agents run as plain "
                   "processes on loopback (controller on tcp://127.0.0.1:"
                << f->port << "), all with this machine's hostname. Run as root for a real lab.\n";
    }
    o.nodes = f->nodes;
    o.subnet = f->subnet;
    o.prefix = f->prefix;
    o.port = f->port;
    o.metricsPort = f->metricsPort;
    o.controlEndpoint = g.control;  // empty: the state dir's socket
    o.stateDir = std::filesystem::absolute(control::resolveStateDir(g.stateDir));
    o.controllerBinary = selfBinary();
    o.agentBinary = o.controllerBinary.parent_path() / "clusterbench-agent";
    o.imageDir = image::resolveImageDir(f->imageDir);
    o.nodeCpus = f->nodeCpus;
    o.nodeMemoryMiB = f->nodeMemoryMiB;
    o.accel = f->accel;
    o.diskFormat = f->diskFormat;
    o.diskCache = f->diskCache;
    o.heartbeatMs = f->heartbeatMs;
    o.missedHeartbeats = f->missedHeartbeats;
    int timeout = f->timeoutSeconds > 0 ? f->timeoutSeconds : defaultTimeoutSeconds(o.provider);
    auto plan = lab::makeLabPlan(o);
    if (!plan) failCommand(plan.error(), 2);
    auto env = realEnv();
    catchInterrupts();
    auto status = lab::labUp(*plan, std::chrono::seconds(timeout), env);
    if (!status) failCommand("lab up: " + status.error());
    if (g.json) {
      std::cout << status->dump(2) << "\n";
    } else {
      if (status->value("controller_restarted", false)) {
        std::cout << "controller restarted; " << status->value("ready_nodes", 0)
                  << " nodes ready\n";
      } else if (status->value("already_up", false)) {
        std::cout << "the lab is already up\n";
      }
      printStatus(*status, g);
    }
  });
}

void addDown(CLI::App& lab, GlobalOptions& g) {
  auto* cmd = lab.add_subcommand("down", "Stop and remove everything the lab started");
  cmd->callback([&g] {
    auto stateDir = std::filesystem::absolute(control::resolveStateDir(g.stateDir));
    if (auto s = lab::labDown(stateDir, realEnv()); !s) failCommand("lab down: " + s.error());
  });
}

void addStatus(CLI::App& lab, GlobalOptions& g) {
  auto* cmd = lab.add_subcommand("status", "Show what the lab runs and each node's state");
  cmd->add_flag("--json", g.json, "print as JSON");
  cmd->callback([&g] {
    auto stateDir = std::filesystem::absolute(control::resolveStateDir(g.stateDir));
    auto s = lab::labStatus(stateDir, realEnv());
    if (!s) failCommand("lab status: " + s.error());
    if (g.json) {
      std::cout << s->dump(2) << "\n";
    } else {
      printStatus(*s, g);
    }
  });
}

}  // namespace

void addLabCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("lab", "Local lab cluster on this machine (netns as root)");
  cmd->require_subcommand(1);
  addUp(*cmd, g);
  addDown(*cmd, g);
  addStatus(*cmd, g);
}

}  // namespace cb::cli
