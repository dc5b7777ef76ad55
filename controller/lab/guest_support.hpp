#pragma once
// Helpers the guest providers share: the per-node files a guest reads at boot (written into its
// root before it starts; the template image holds no controller address or key), and commands
// whose output matters.
#include <filesystem>
#include <string>

#include "lab/lab_plan.hpp"
#include "lab/netns_provider.hpp"
#include "util/result.hpp"

namespace cb::lab {

/// Where a guest's agent reads its join token (a file, never argv, env or the kernel command line).
inline constexpr const char* kGuestJoinTokenFile = "/etc/clusterbench/join-token";

/// /etc/clusterbench/agent.conf (CLI11 config of clusterbench-agent, read by its systemd unit)
/// for an agent dialing `dialEndpoint`, pinning /etc/clusterbench/controller.pub and reading its
/// join token from kGuestJoinTokenFile.
std::string agentConfFile(const std::string& dialEndpoint);

/// The lab's join token from plan.joinTokenFile (made by `lab up`), surrounding whitespace
/// removed. Errors: the file is missing, empty or holds more than one word; they name the file.
Result<std::string> readLabJoinToken(const LabPlan& plan);

/// Writes etc/hostname, etc/hosts, etc/clusterbench/agent.conf, etc/clusterbench/controller.pub
/// (0644) and etc/clusterbench/join-token (0600, `joinToken`) under `root`, a guest's tree the
/// guest may have written to: no symlink below `root` is followed (a symlinked directory is an
/// error, a symlink in a file's place is replaced) and each file is replaced atomically.
/// Errors name the file.
Status writeGuestConfig(const std::filesystem::path& root, const NodePlan& node,
                        const std::string& dialEndpoint, const std::string& controllerKey,
                        const std::string& joinToken);

/// Runs argv; its stdout, or an error naming the command, its exit status and its stderr.
Result<std::string> commandOutput(const CommandRunner& run, const Argv& argv);

/// The end of a guest's console log, for errors.
std::string consoleTail(const std::filesystem::path& log);

}  // namespace cb::lab
