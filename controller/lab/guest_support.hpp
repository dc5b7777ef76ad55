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

/// /etc/clusterbench/agent.conf (CLI11 config of clusterbench-agent, read by its systemd unit)
/// for an agent dialing `dialEndpoint` and pinning /etc/clusterbench/controller.pub.
std::string agentConfFile(const std::string& dialEndpoint);

/// Writes etc/hostname, etc/hosts, etc/clusterbench/agent.conf and etc/clusterbench/controller.pub
/// under `root`. Errors name the file.
Status writeGuestConfig(const std::filesystem::path& root, const NodePlan& node,
                        const std::string& dialEndpoint, const std::string& controllerKey);

/// Runs argv; its stdout, or an error naming the command, its exit status and its stderr.
Result<std::string> commandOutput(const CommandRunner& run, const Argv& argv);

/// The end of a guest's console log, for errors.
std::string consoleTail(const std::filesystem::path& log);

}  // namespace cb::lab
