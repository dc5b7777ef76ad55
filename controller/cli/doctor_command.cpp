// `clusterbench doctor [--json]`: which lab providers and benchmark tools work on this host and,
// for those that do not, why and what to install (lab/host_checks.hpp). Reads the host only.
#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "lab/host_checks.hpp"

namespace cb::cli {
namespace {

bool executable(const std::string& name) {
  std::string path = ::getenv("PATH") ? ::getenv("PATH") : "/usr/bin:/bin";
  path += ":/usr/sbin:/sbin";
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

bool kvmUsable() {
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

/// nfsd registered with the running kernel, or a module of it that provides nfsd.
bool nfsServerInKernel() {
  std::ifstream fs("/proc/filesystems");
  for (std::string line; std::getline(fs, line);) {
    if (line.find("\tnfsd") != std::string::npos) return true;
  }
  struct utsname u {};
  if (::uname(&u) != 0) return false;
  std::ifstream deps(std::string("/lib/modules/") + u.release + "/modules.dep");
  for (std::string line; std::getline(deps, line);) {
    auto colon = line.find(':');
    auto name = line.substr(0, colon);
    if (name.find("/nfsd.ko") != std::string::npos) return true;
  }
  return false;
}

lab::HostFacts probeHost() {
  lab::HostFacts f;
  f.root = ::geteuid() == 0;
  for (const auto& p : lab::programsToProbe()) {
    if (executable(p)) f.programs.insert(p);
  }
  f.kvmUsable = kvmUsable();
  f.nfsServerInKernel = nfsServerInKernel();
  return f;
}

}  // namespace

void addDoctorCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "doctor",
      "Check which lab providers (netns, loopback, podman, nspawn, qemu) and benchmark tools work "
      "on this host, and what to install for those that do not");
  cmd->add_flag("--json", g.json, "print the checks as JSON");
  cmd->callback([&g] {
    const auto checks = lab::hostChecks(probeHost());
    if (g.json) {
      auto arr = nlohmann::json::array();
      for (const auto& c : checks) {
        arr.push_back({{"area", c.area},
                       {"name", c.name},
                       {"ok", c.ok},
                       {"detail", c.detail},
                       {"fix", c.fix}});
      }
      std::cout << arr.dump(2) << "\n";
      return;
    }
    Table t({"AREA", "NAME", "STATUS", "DETAIL"});
    for (const auto& c : checks) {
      t.add({c.area, c.name, c.ok ? "ok" : "NO", c.detail + (c.fix.empty() ? "" : " -> " + c.fix)});
    }
    t.print(std::cout);
  });
}

}  // namespace cb::cli
