#pragma once
// Applies a node configuration step by step (DESIGN §4) and reports each step. Steps run in this
// order: packages, hostname, hosts, network, gateway, nfs_export, autofs.
//
// Per step: observe + plan (read-only probes only); an empty plan is "unchanged". With dryRun
// the plan is only reported (diff + commands): nothing is written and no command but the probes
// runs. Otherwise the planned files are written atomically, each existing original first copied
// once to kBackupDir + PATH (/var/lib/clusterbench/config-backups/etc/hosts for /etc/hosts; an
// existing backup is never overwritten): a directory only this node's root writes, never beside
// the file (for the share marker that would be the NFS share, which other nodes write). Missing
// directories are created, then the commands run in order. Service commands are not run when
// options.runServices is false and are listed in the message instead. When a write or a command
// fails, the files the step wrote are put back as they were (a file that did not exist is
// removed; created directories and commands already run are not undone), the step is "failed"
// with the command's stderr, and every later step is "skipped: an earlier step failed". A
// failing observation fails the step the same way.
//
// The config must have passed spec::validateNodeConfig. Commands are argv, never shell strings.
#include <string>
#include <vector>

#include "config/applier.hpp"

namespace cb::agent::config {

struct StepReport {
  std::string applier;
  enum Outcome { kUnchanged, kChanged, kFailed, kSkipped } outcome = kUnchanged;
  std::string diff;                   // unified diffs of the files written (or to be written)
  std::vector<std::string> commands;  // commands run (or to be run), for display
  std::string message;                // why failed/skipped; notes otherwise ("\n"-separated)
};

/// Where the originals of the files an apply replaces are kept, mirroring their paths.
inline constexpr const char* kBackupDir = "/var/lib/clusterbench/config-backups";
inline constexpr const char* kSkippedAfterFailure = "skipped: an earlier step failed";
inline constexpr const char* kServicesNotRun = "not run: services disabled on this node";

/// The appliers in application order.
std::vector<Applier> nodeAppliers();

std::vector<StepReport> applyNodeConfig(const spec::NodeConfig& config, bool dryRun,
                                        ConfigEnv& env);

/// The same over the given appliers (tests).
std::vector<StepReport> applyNodeConfig(const spec::NodeConfig& config, bool dryRun, ConfigEnv& env,
                                        const std::vector<Applier>& appliers);

}  // namespace cb::agent::config
