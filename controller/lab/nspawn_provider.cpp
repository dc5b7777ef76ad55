#include "lab/nspawn_provider.hpp"

#include <unistd.h>

#include <fstream>
#include <thread>

#include "image/image_info.hpp"
#include "lab/detached_process.hpp"
#include "lab/guest_support.hpp"
#include "lab/process_tree.hpp"
#include "os/atomic_file.hpp"

namespace cb::lab {
namespace {

namespace fs = std::filesystem;

/// nspawn powers the container off on SIGTERM (about 2 s here); a stuck one is killed after this.
constexpr std::chrono::seconds kStopGrace{30};
const fs::path kCgroupRoot = "/sys/fs/cgroup";
constexpr long kCfsPeriodUs = 100000;

fs::path mergedOf(const NodeRecord& r) {
  return r.dir / "rootfs";
}

std::string decodeMountPath(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

}  // namespace

OverlayPaths overlayPaths(const fs::path& lower, const fs::path& dir) {
  return {lower, dir / "upper", dir / "work", dir / "rootfs"};
}

Argv overlayMountCommand(const OverlayPaths& p) {
  return {"mount",
          "-t",
          "overlay",
          "overlay",
          "-o",
          "lowerdir=" + p.lower.string() + ",upperdir=" + p.upper.string() +
              ",workdir=" + p.work.string(),
          p.merged.string()};
}

std::string nspawnNeedle(const fs::path& merged) {
  return "--directory=" + merged.string() + " ";
}

Argv nspawnArgv(const NodePlan& n, const OverlayPaths& p) {
  return {"systemd-nspawn",
          "--quiet",
          "--boot",
          "--directory=" + p.merged.string(),
          "--register=no",
          "--keep-unit",
          "--link-journal=no",
          "--console=read-only",
          "--machine=" + n.guestName,
          "--hostname=" + n.hostname,
          "--network-namespace-path=/run/netns/" + n.netns,
          "--bind=" + n.agentStateDir.string() + ":/var/lib/clusterbench/agent"};
}

std::vector<fs::path> nspawnCgroups(const fs::path& root, const std::string& guestName) {
  return {root / "cpu" / "clusterbench" / guestName, root / "memory" / "clusterbench" / guestName};
}

Argv inCgroups(const std::vector<fs::path>& cgroups, const Argv& argv) {
  if (cgroups.empty()) return argv;
  std::string script;
  for (std::size_t i = 0; i < cgroups.size(); ++i) {
    script += "echo $$ > \"$" + std::to_string(i + 1) + "/cgroup.procs\" && ";
  }
  script += "shift " + std::to_string(cgroups.size()) + " && exec \"$@\"";
  Argv out = {"sh", "-c", script, "sh"};
  for (const auto& c : cgroups) out.push_back(c.string());
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::vector<std::string> mountsUnder(const std::string& text, const fs::path& path) {
  std::vector<std::string> out;
  std::string prefix = path.string();
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    auto a = line.find(' ');
    if (a == std::string::npos) continue;
    auto b = line.find(' ', a + 1);
    std::string target = decodeMountPath(line.substr(a + 1, b - a - 1));
    if (target == prefix || target.rfind(prefix + "/", 0) == 0) out.push_back(target);
  }
  return out;
}

Result<std::vector<fs::path>> NspawnRuntime::makeCgroups(const LabPlan& plan, const NodePlan& n) {
  std::error_code ec;
  std::vector<fs::path> dirs = nspawnCgroups(kCgroupRoot, n.guestName);
  for (const auto& d : dirs) {
    if (!fs::exists(d.parent_path().parent_path() / "cgroup.procs", ec)) {
      if (env_.say)
        env_.say("no cgroup v1 cpu/memory hierarchies: " + n.hostname + " runs unlimited");
      return std::vector<fs::path>{};
    }
  }
  double cpus = plan.nodeCpus > 0 ? plan.nodeCpus : kNspawnDefaultCpus;
  long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (online > 0 && cpus > static_cast<double>(online)) cpus = static_cast<double>(online);
  long long memory = plan.nodeMemoryMiB > 0 ? plan.nodeMemoryMiB : kNspawnDefaultMemoryMiB;
  struct Limit {
    fs::path file;
    std::string value;
  };
  const Limit limits[] = {
      {dirs[0] / "cpu.cfs_period_us", std::to_string(kCfsPeriodUs)},
      {dirs[0] / "cpu.cfs_quota_us", std::to_string(static_cast<long>(cpus * kCfsPeriodUs))},
      {dirs[1] / "memory.limit_in_bytes", std::to_string(memory * 1024 * 1024)}};
  for (const auto& d : dirs) {
    fs::create_directories(d, ec);
    if (ec) return fail("cannot create cgroup " + d.string() + ": " + ec.message());
  }
  for (const auto& l : limits) {
    std::ofstream out(l.file);
    out << l.value << "\n";
    out.close();
    if (!out) return fail("cannot write " + l.value + " to " + l.file.string());
  }
  if (env_.say) {
    env_.say(n.hostname + ": " + std::to_string(cpus).substr(0, 4) + " CPUs, " +
             std::to_string(memory) + " MiB (cgroup v1)");
  }
  return dirs;
}

Status NspawnRuntime::check(const LabPlan& plan) {
  if (::access("/usr/bin/systemd-nspawn", X_OK) != 0) {
    return fail(
        "systemd-nspawn is not installed (apt-get install systemd-container; see `clusterbench "
        "doctor`)");
  }
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  return okStatus();
}

Status NspawnRuntime::prepare(const LabPlan& plan, LabJournal& journal) {
  return journal.update([&](LabState& st) { st.image = plan.imageDir.string(); });
}

Status NspawnRuntime::start(const LabPlan& plan, std::size_t i, const std::string& dial,
                            const std::string& controllerKey, LabJournal& journal) {
  const NodePlan& n = plan.nodes[i];
  auto info = image::loadImageInfo(plan.imageDir);
  if (!info) return fail(info.error());
  OverlayPaths p = overlayPaths(info->rootfs, n.dir);
  std::error_code ec;
  for (const auto& d : {p.upper, p.work, p.merged}) {
    fs::create_directories(d, ec);
    if (ec) return fail("cannot create " + d.string() + ": " + ec.message());
  }
  // The node's files go into the upper layer: they hide the image's copies once mounted. The
  // join token travels as a root-only file there, never on a command line.
  auto token = readLabJoinToken(plan);
  if (!token) return fail(token.error());
  if (auto s = writeGuestConfig(p.upper, n, dial, controllerKey, *token); !s) return s;

  if (auto s = journal.update([&](LabState& st) { st.nodes[i].mount = p.merged; }); !s) return s;
  if (auto s = NetnsProvider(env_.run).run(overlayMountCommand(p)); !s) {
    (void)journal.update([&](LabState& st) { st.nodes[i].mount.clear(); });
    return fail("overlay of " + n.hostname + ": " + s.error());
  }
  if (env_.say) {
    env_.say("booting " + n.hostname + " with systemd-nspawn (console " + n.logFile.string() + ")");
  }
  // The guest name also names its cgroups: recorded before they are made.
  if (auto s = journal.update([&](LabState& st) { st.nodes[i].guest = n.guestName; }); !s) {
    return s;
  }
  auto cgroups = makeCgroups(plan, n);
  if (!cgroups) return fail(cgroups.error());
  Argv argv = inCgroups(*cgroups, nspawnArgv(n, p));
  auto pid = spawnDetached(argv, n.logFile);
  if (!pid) return fail("container " + n.hostname + ": " + pid.error());
  return journal.update([&](LabState& st) { st.nodes[i].pid = *pid; });
}

bool NspawnRuntime::running(const LabState& state, std::size_t i) {
  const NodeRecord& r = state.nodes[i];
  return r.pid > 0 && isRunning(r.pid) && commandLineContains(r.pid, nspawnNeedle(mergedOf(r)));
}

std::string NspawnRuntime::whyNotRunning(const LabState& state, std::size_t i) {
  const NodeRecord& r = state.nodes[i];
  return "the container of " + r.hostname + " (systemd-nspawn pid " + std::to_string(r.pid) +
         ") exited; " + consoleTail(r.dir / "console.log");
}

Status NspawnRuntime::remove(LabJournal& journal, std::size_t i) {
  const NodeRecord& r = journal.state().nodes[i];
  if (r.pid > 0) {
    if (env_.say) {
      env_.say("stopping container " + r.hostname + " (pid " + std::to_string(r.pid) + ")");
    }
    if (auto s = stopTree(r.pid, nspawnNeedle(mergedOf(r)), kStopGrace); !s) return s;
    if (auto s = journal.update([i](LabState& st) { st.nodes[i].pid = 0; }); !s) return s;
  }
  if (!r.guest.empty()) {
    std::error_code ec;
    for (const auto& d : nspawnCgroups(kCgroupRoot, r.guest)) {
      // A cgroup dir goes with rmdir once no process is left in it; its parent when empty.
      for (int attempt = 0; fs::exists(d, ec) && !fs::remove(d, ec) && ec; ++attempt) {
        if (attempt == 50) return fail("cannot remove cgroup " + d.string() + ": " + ec.message());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // exiting tasks linger
      }
      fs::remove(d.parent_path(), ec);
    }
    if (auto s = journal.update([i](LabState& st) { st.nodes[i].guest.clear(); }); !s) return s;
  }
  if (!r.mount.empty()) {
    auto mounts = os::readFile("/proc/self/mounts");
    if (!mounts) return fail(mounts.error());
    // Deepest first: nspawn leaves nothing mounted below, but a user might have.
    auto below = mountsUnder(*mounts, r.mount);
    for (auto it = below.rbegin(); it != below.rend(); ++it) {
      if (auto s = NetnsProvider(env_.run).run({"umount", *it}); !s) {
        if (auto lazy = NetnsProvider(env_.run).run({"umount", "--lazy", *it}); !lazy) return s;
      }
    }
    if (auto s = journal.update([i](LabState& st) { st.nodes[i].mount.clear(); }); !s) return s;
  }
  return okStatus();
}

Status NspawnRuntime::removeShared(LabJournal& journal) {
  return journal.update([](LabState& st) { st.image.clear(); });
}

std::vector<std::string> NspawnRuntime::leftovers(const LabState& state) {
  std::vector<std::string> out;
  auto mounts = os::readFile("/proc/self/mounts");
  for (std::size_t i = 0; i < state.nodes.size(); ++i) {
    const NodeRecord& r = state.nodes[i];
    if (running(state, i)) {
      out.push_back("container " + r.hostname + " (pid " + std::to_string(r.pid) + ")");
    }
    std::error_code ec;
    for (const auto& d : nspawnCgroups(kCgroupRoot, state.prefix + "-" + r.hostname)) {
      if (fs::exists(d, ec)) out.push_back("cgroup " + d.string());
    }
    if (mounts && !mountsUnder(*mounts, mergedOf(r)).empty()) {
      out.push_back("mount " + mergedOf(r).string());
    }
  }
  return out;
}

}  // namespace cb::lab
