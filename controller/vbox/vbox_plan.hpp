#pragma once
// `clusterbench vbox create|destroy` as VBoxManage command lines, the seed tutorial's VirtualBox
// steps: import an appliance (.ova/.ovf) or clone a registered template VM, NIC1 NAT (the route
// to the controller on the host, 10.0.2.2) + NIC2 on an internal network shared by the cluster,
// an SSH port forward on the host's loopback, 2 CPUs / 2 GiB, start headless. Pure: nothing
// here runs a command.
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::vbox {

using Argv = std::vector<std::string>;

struct CreateSpec {
  std::string templ;  // appliance file (*.ova, *.ovf) to import, else a registered VM to clone
  std::string name;   // the new VM's name (also the node's intended hostname)
  std::string intnet = "intnet";
  int sshPort = 0;  // host port forwarded to the guest's 22 on 127.0.0.1; 0 = no forward
  int cpus = 2;
  int memoryMb = 2048;
  bool start = true;  // startvm --type headless at the end
  std::string vboxManage = "VBoxManage";
};

/// One command; `mayFail` marks a step whose failure is expected in a normal state (powering
/// off a VM that is already off) and does not stop the sequence.
struct Step {
  Argv argv;
  bool mayFail = false;
};

/// Checks names, ports and sizes before any command is built; errors name the flag.
Status validate(const CreateSpec& spec);

/// True when `templ` names an appliance file to import rather than a VM to clone.
bool isAppliance(const std::string& templ);

/// import|clonevm, modifyvm, [startvm]. Call validate() first.
std::vector<Step> createSteps(const CreateSpec& spec);

/// Power off (may fail: the VM may be off), then unregister and delete its disks.
std::vector<Step> destroySteps(const std::string& name,
                               const std::string& vboxManage = "VBoxManage");

/// Checks a VM name for destroy (same rule as create's --name).
Status validateName(const std::string& name);

/// argv as one line a POSIX shell would split back into the same words.
std::string shellLine(const Argv& argv);

}  // namespace cb::vbox
