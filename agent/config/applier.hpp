#pragma once
// One applier per concern of the node configuration (DESIGN §4). Each applier file offers
//   - an observer: reads the current state through the Filesystem and read-only probe commands
//     (`ip -j addr show`, `sysctl -n`, `iptables -C`, `dpkg-query -W`) into a plain struct;
//   - a pure plan(desired, current) -> Plan: the files to write and the commands to run, nothing
//     when the node already matches;
// and the engine (config_engine.hpp) shows or applies the plan. Plans never hold shell strings.
#include <optional>
#include <string>
#include <vector>

#include "config/command_runner.hpp"
#include "os/filesystem.hpp"
#include "spec/node_config.hpp"
#include "util/result.hpp"

namespace cb::agent::config {

struct FileChange {
  std::string path;                       // absolute, as seen by the node
  std::optional<std::string> oldContent;  // as observed; nullopt = the file does not exist
  std::string newContent;
  unsigned mode = 0644;
};

struct PlannedCommand {
  std::vector<std::string> argv;
  /// Starts, stops or reloads a service (exportfs, systemctl, netplan apply): not run when the
  /// node's services are disabled (ConfigOptions::runServices).
  bool service = false;
  /// Non-empty: the command's stdout replaces this file (e.g. iptables-save > rules.v4), written
  /// atomically, backed up and restored like any planned file.
  std::string stdoutTo;
  unsigned stdoutMode = 0644;
};

struct Plan {
  std::vector<FileChange> files;         // in write order; only files whose content changes
  std::vector<std::string> directories;  // to create (missing ones only), before the files
  std::vector<PlannedCommand> commands;  // in order, after the files are written
  std::vector<std::string> notes;        // warnings and explanations for the report
  bool empty() const { return files.empty() && directories.empty() && commands.empty(); }
};

struct ConfigOptions {
  /// false: service commands are listed as not run (the netns lab: no NFS or autofs there).
  bool runServices = true;
};

/// What the appliers and the engine act through; every member outlives the run.
struct ConfigEnv {
  os::Filesystem& fs;
  CommandRunner& runner;
  ConfigOptions options;
};

/// One step of applyNodeConfig: whether it applies to this config, and observe + plan.
struct Applier {
  std::string name;  // "hostname", "hosts", "network", "gateway", "nfs_export", "autofs", ...
  bool (*enabled)(const spec::NodeConfig& config);
  /// Observes the node (read-only probes only) and plans; an error when observing fails.
  Result<Plan> (*prepare)(const spec::NodeConfig& config, ConfigEnv& env);
};

/// A file change when `desired` differs from `current`, for plans; nullopt when they are equal.
std::optional<FileChange> changeIfDifferent(const std::string& path,
                                            const std::optional<std::string>& current,
                                            std::string desired, unsigned mode = 0644);

/// "PROGRAM ARGS: exit N: STDERR" (or "...: did not start: WHY") for a failed command.
std::string commandFailure(const std::vector<std::string>& argv, const CommandResult& result);

/// Header line of the files clusterbench owns whole.
inline constexpr const char* kOwnedFileHeader =
    "# Managed by clusterbench: local changes are overwritten on the next apply.\n";

}  // namespace cb::agent::config
