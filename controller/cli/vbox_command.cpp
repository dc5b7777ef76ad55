// `clusterbench vbox create|destroy`: VirtualBox nodes as in the seed tutorial. Flag parsing and
// the real side effects (VBoxManage through os::runSync); the commands come from controller/vbox.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "vbox/vbox_plan.hpp"
#include "vbox/vbox_runner.hpp"

namespace cb::cli {
namespace {

/// Importing or cloning a 20 GB disk takes minutes; nothing VBoxManage does takes an hour.
constexpr auto kStepTimeout = std::chrono::minutes(60);

void execute(const std::vector<vbox::Step>& steps, bool dryRun) {
  if (dryRun) {
    for (const auto& s : steps) {
      std::cout << vbox::shellLine(s.argv) << (s.mayFail ? "  # may fail: ignored" : "") << "\n";
    }
    return;
  }
  auto run = [](const vbox::Argv& argv) { return os::runSync(argv, kStepTimeout, os::ChildEnvironment::kInherit); };
  auto say = [](const std::string& line) { std::cerr << "+ " << line << "\n"; };
  if (auto s = vbox::runSteps(steps, run, say); !s) failCommand(s.error());
}

void addCreate(CLI::App& vboxCmd) {
  auto* cmd = vboxCmd.add_subcommand(
      "create",
      "Import (.ova/.ovf) or clone a template VM, attach NIC1 NAT + NIC2 internal network, "
      "forward SSH, start headless");
  auto spec = std::make_shared<vbox::CreateSpec>();
  auto dryRun = std::make_shared<bool>(false);
  auto noStart = std::make_shared<bool>(false);
  cmd->add_option("--template", spec->templ,
                  "appliance to import (*.ova, *.ovf) or a registered VM to clone")
      ->required();
  cmd->add_option("--name", spec->name, "name of the new VM, e.g. node02")->required();
  cmd->add_option("--intnet", spec->intnet, "internal network shared by the cluster's NIC2")
      ->capture_default_str();
  cmd->add_option("--ssh-port", spec->sshPort,
                  "host port on 127.0.0.1 forwarded to the guest's port 22 (0 = none)")
      ->capture_default_str();
  cmd->add_option("--cpus", spec->cpus, "virtual CPUs")->capture_default_str();
  cmd->add_option("--memory", spec->memoryMb, "memory in MiB")->capture_default_str();
  cmd->add_flag("--no-start", *noStart, "leave the VM powered off");
  cmd->add_flag("--dry-run", *dryRun, "print the VBoxManage command lines instead of running them");
  cmd->callback([spec, dryRun, noStart] {
    spec->start = !*noStart;
    if (auto s = vbox::validate(*spec); !s) failCommand(s.error(), 2);
    execute(vbox::createSteps(*spec), *dryRun);
  });
}

void addDestroy(CLI::App& vboxCmd) {
  auto* cmd = vboxCmd.add_subcommand("destroy", "Power off a VM, unregister it, delete its disks");
  auto name = std::make_shared<std::string>();
  auto dryRun = std::make_shared<bool>(false);
  cmd->add_option("--name", *name, "the VM to remove")->required();
  cmd->add_flag("--dry-run", *dryRun, "print the VBoxManage command lines instead of running them");
  cmd->callback([name, dryRun] {
    if (auto s = vbox::validateName(*name); !s) failCommand(s.error(), 2);
    execute(vbox::destroySteps(*name), *dryRun);
  });
}

}  // namespace

void addVboxCommand(CLI::App& app, GlobalOptions&) {
  auto* cmd = app.add_subcommand("vbox", "VirtualBox nodes from a template (needs VBoxManage)");
  cmd->require_subcommand(1);
  addCreate(*cmd);
  addDestroy(*cmd);
}

}  // namespace cb::cli
