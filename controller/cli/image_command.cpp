// `clusterbench image build|show`: the template image the lab's nspawn, podman and qemu providers
// boot (DESIGN §7, docs/LAB.md). Building is scripts/build-image, run with this terminal.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "image/image_info.hpp"

namespace cb::cli {
namespace {

struct BuildFlags {
  std::string out;
  std::string agentDir;
  std::string deb;
  std::string mirror;
  std::string diskSize;
  bool noIozone = false;
  bool noVdi = false;
};

/// Runs argv with this process's stdin/stdout/stderr and returns its exit code.
int runInForeground(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) failCommand("cannot fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::execv(args[0], args.data());
    std::cerr << "error: cannot execute " << argv[0] << ": " << std::strerror(errno) << "\n";
    ::_exit(127);
  }
  int ws = 0;
  while (::waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(ws)) return WEXITSTATUS(ws);
  return 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
}

void addBuild(CLI::App& image) {
  auto* cmd = image.add_subcommand(
      "build", "Build (or refresh) the template image: rootfs, rootfs.tar, disk.img, disk.vdi");
  auto f = std::make_shared<BuildFlags>();
  cmd->add_option("--out", f->out,
                  "output dir (default $CLUSTERBENCH_IMAGE_DIR, else " +
                      std::string(image::kDefaultImageDir) + ")");
  cmd->add_option("--agent-dir", f->agentDir,
                  "dir with clusterbench-agent and clusterbench-mpi-rsh (default: beside this "
                  "binary)");
  cmd->add_option("--deb", f->deb, "install this clusterbench .deb instead of loose binaries");
  cmd->add_option("--mirror", f->mirror, "Debian mirror (default: the host's)");
  cmd->add_option("--disk-size", f->diskSize, "size of disk.img (default 4G, sparse)");
  cmd->add_flag("--no-iozone", f->noIozone, "leave out iozone3 (Debian non-free)");
  cmd->add_flag("--no-vdi", f->noVdi, "skip the VirtualBox disk");
  cmd->callback([f] {
    auto self = selfBinary();
    auto script = image::findBuildImageScript(self);
    if (!script) failCommand(script.error());
    std::vector<std::string> argv = {script->string(), "--out",
                                     image::resolveImageDir(f->out).string()};
    if (!f->deb.empty()) {
      argv.insert(argv.end(), {"--deb", f->deb});
    } else {
      argv.insert(argv.end(),
                  {"--agent-dir", f->agentDir.empty() ? self.parent_path().string() : f->agentDir});
    }
    if (!f->mirror.empty()) argv.insert(argv.end(), {"--mirror", f->mirror});
    if (!f->diskSize.empty()) argv.insert(argv.end(), {"--disk-size", f->diskSize});
    if (f->noIozone) argv.push_back("--no-iozone");
    if (f->noVdi) argv.push_back("--no-vdi");
    int code = runInForeground(argv);
    if (code != 0) failCommand(script->string() + " failed (exit " + std::to_string(code) + ")");
  });
}

void addShow(CLI::App& image, GlobalOptions& g) {
  auto* cmd = image.add_subcommand("show", "Show the template image the lab providers use");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("--out", *dir, "image dir (default as for build)");
  cmd->add_flag("--json", g.json, "print as JSON");
  cmd->callback([&g, dir] {
    auto info = image::loadImageInfo(image::resolveImageDir(*dir));
    if (!info) failCommand(info.error());
    nlohmann::json j = {{"dir", info->dir.string()},
                        {"rootfs", info->rootfs.string()},
                        {"rootfs_tar", info->rootfsTar.string()},
                        {"disk", info->disk.string()},
                        {"kernel", info->kernel.string()},
                        {"initrd", info->initrd.string()},
                        {"vdi", info->vdi.string()},
                        {"agent_key", info->agentKey},
                        {"kernel_version", info->kernelVersion}};
    if (g.json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    for (const auto& [k, v] : j.items()) std::cout << k << ": " << v.get<std::string>() << "\n";
  });
}

}  // namespace

void addImageCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("image", "Template image for lab containers and VMs");
  cmd->require_subcommand(1);
  addBuild(*cmd);
  addShow(*cmd, g);
}

}  // namespace cb::cli
