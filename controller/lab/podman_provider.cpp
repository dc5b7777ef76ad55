#include "lab/podman_provider.hpp"

#include <unistd.h>

#include <cstdio>
#include <thread>

#include "image/image_info.hpp"
#include "lab/guest_support.hpp"

namespace cb::lab {
namespace {

Argv with(Argv base, std::initializer_list<std::string> more) {
  base.insert(base.end(), more);
  return base;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Argv podmanBase() {
  return {"podman", "--cgroup-manager=cgroupfs", "--events-backend=file", "--runtime", "runc"};
}

std::string podmanImageRef(const std::string& agentKey) {
  return "localhost/clusterbench-node:" + agentKey.substr(0, 12);
}

Argv podmanRunArgv(const NodePlan& n, const std::string& imageRef, const std::string& dial,
                   const std::string& controllerKey, const std::filesystem::path& joinTokenFile,
                   double cpus, int memoryMiB) {
  char cpuText[32];
  std::snprintf(cpuText, sizeof cpuText, "%.2f", cpus);
  // The lab's join token (0600, root; the agent runs as root in the container) is mounted
  // read-only and read by the agent as a file: never argv or the environment.
  Argv argv = podmanBase();
  Argv run = {"run",
              "--detach",
              "--name",
              n.guestName,
              "--hostname",
              n.hostname,
              "--network",
              "ns:/run/netns/" + n.netns,
              "--cpus",
              cpuText,
              "--memory",
              std::to_string(memoryMiB) + "m",
              "--ulimit",
              "nofile=4096:4096",
              "--ulimit",
              "nproc=4096:4096",
              "--init",
              "--label",
              "clusterbench.lab=" + n.dir.parent_path().string(),
              "--log-driver",
              "k8s-file",
              "--log-opt",
              "path=" + n.logFile.string(),
              "--volume",
              n.agentStateDir.string() + ":/var/lib/clusterbench/agent",
              "--volume",
              joinTokenFile.string() + ":" + kGuestJoinTokenFile + ":ro",
              imageRef,
              "/usr/bin/clusterbench-agent",
              "--controller",
              dial,
              "--controller-key",
              controllerKey,
              "--join-token-file",
              kGuestJoinTokenFile,
              "--state-dir",
              "/var/lib/clusterbench/agent",
              "--heartbeat-ms",
              "1000"};
  argv.insert(argv.end(), run.begin(), run.end());
  return argv;
}

Status PodmanRuntime::check(const LabPlan& plan) {
  if (::access("/usr/bin/podman", X_OK) != 0) {
    return fail(
        "podman is not installed (apt-get install podman runc catatonit; see `clusterbench "
        "doctor`)");
  }
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  for (const auto& n : plan.nodes) {
    if (exists(n.guestName)) {
      return fail("a podman container named " + n.guestName + " already exists (another lab " +
                  "with --prefix " + plan.prefix + "?); remove it or choose another --prefix");
    }
  }
  return okStatus();
}

Status PodmanRuntime::prepare(const LabPlan& plan, LabJournal& journal) {
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  std::string ref = podmanImageRef(info->agentKey);
  if (auto s = journal.update([&](LabState& st) {
        st.image = plan.imageDir.string();
        st.imageRef = ref;
      });
      !s) {
    return s;
  }
  if (env_.run(with(podmanBase(), {"image", "exists", ref})).exitCode == 0) {
    if (env_.say) env_.say("using podman image " + ref);
    return okStatus();
  }
  if (env_.say) env_.say("importing " + info->rootfsTar.string() + " as " + ref);
  // Longer than env_.run's limit for helper commands: 16 s idle, over a minute on a busy host.
  CommandRunner slow = [](const Argv& argv) {
    return os::runSync(argv, std::chrono::minutes(15), os::ChildEnvironment::kInherit);
  };
  auto out =
      commandOutput(slow, with(podmanBase(), {"import", "--quiet", "--change", "CMD=/sbin/init",
                                              info->rootfsTar.string(), ref}));
  if (!out) return fail(out.error());
  return okStatus();
}

Status PodmanRuntime::start(const LabPlan& plan, std::size_t i, const std::string& dial,
                            const std::string& controllerKey, LabJournal& journal) {
  const NodePlan& n = plan.nodes[i];
  double cpus = plan.nodeCpus > 0 ? plan.nodeCpus : kPodmanDefaultCpus;
  int memory = plan.nodeMemoryMiB > 0 ? plan.nodeMemoryMiB : kPodmanDefaultMemoryMiB;
  long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (online > 0 && cpus > static_cast<double>(online)) cpus = static_cast<double>(online);
  if (env_.say) {
    env_.say("starting container " + n.guestName + " (" + std::to_string(memory) + " MiB)");
  }
  if (auto s = journal.update([&](LabState& st) { st.nodes[i].guest = n.guestName; }); !s) {
    return s;
  }
  auto out = commandOutput(env_.run, podmanRunArgv(n, journal.state().imageRef, dial, controllerKey,
                                                   plan.joinTokenFile, cpus, memory));
  if (!out) return fail("container " + n.hostname + ": " + out.error());
  return okStatus();
}

bool PodmanRuntime::exists(const std::string& container) const {
  return env_.run(with(podmanBase(), {"container", "exists", container})).exitCode == 0;
}

bool PodmanRuntime::running(const LabState& state, std::size_t i) {
  const NodeRecord& r = state.nodes[i];
  if (r.guest.empty()) return false;
  auto out = commandOutput(env_.run, with(podmanBase(), {"container", "inspect", "--format",
                                                         "{{.State.Running}}", r.guest}));
  return out && trimmed(*out) == "true";
}

std::string PodmanRuntime::whyNotRunning(const LabState& state, std::size_t i) {
  const NodeRecord& r = state.nodes[i];
  auto st = commandOutput(
      env_.run, with(podmanBase(), {"container", "inspect", "--format",
                                    "{{.State.Status}} (exit {{.State.ExitCode}})", r.guest}));
  return "the container " + r.guest + " of " + r.hostname + " is " + (st ? trimmed(*st) : "gone") +
         "; " + consoleTail(r.dir / "console.log");
}

Status PodmanRuntime::remove(LabJournal& journal, std::size_t i) {
  const NodeRecord& r = journal.state().nodes[i];
  if (r.guest.empty()) return okStatus();
  if (exists(r.guest)) {
    if (env_.say) env_.say("removing container " + r.guest);
    auto out =
        commandOutput(env_.run, with(podmanBase(), {"rm", "--force", "--time", "5", r.guest}));
    if (!out && exists(r.guest)) return fail(out.error());
  }
  return journal.update([i](LabState& st) { st.nodes[i].guest.clear(); });
}

Status PodmanRuntime::removeShared(LabJournal& journal) {
  // The imported image stays: it is a cache keyed by the agent layer, reused by the next lab.
  return journal.update([](LabState& st) {
    st.image.clear();
    st.imageRef.clear();
  });
}

std::vector<std::string> PodmanRuntime::leftovers(const LabState& state) {
  std::vector<std::string> out;
  // By planned name, not by record: the record is cleared once removal succeeded.
  for (const auto& r : state.nodes) {
    std::string name = state.prefix + "-" + r.hostname;
    if (exists(name)) out.push_back("podman container " + name);
  }
  return out;
}

}  // namespace cb::lab
