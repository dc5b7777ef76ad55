#pragma once
// The master's NFS export: the managed block of /etc/exports holds one line
// "PATH CLIENT(OPTIONS) [CLIENT(OPTIONS)...]" (exports(5); the seed's line with one entry per
// client), the shared directory is created when missing, and when the block changes the server
// is enabled and started (`systemctl enable --now nfs-kernel-server`, only where systemd runs)
// and re-exports everything (`exportfs -ra`). Both are service commands.
#include <optional>
#include <string>

#include "config/applier.hpp"

namespace cb::agent::config {

/// A file the master keeps in its shared directory; workers read it through their automount to
/// prove the share works end to end (autofs_applier.hpp).
inline constexpr const char* kShareMarkerName = ".clusterbench-share";
/// The marker's content for the node exporting `desired.sharedPath`.
std::string shareMarkerText(const spec::NodeConfig& desired);

struct NfsExportCurrent {
  std::optional<std::string> exports;  // /etc/exports; nullopt = missing
  std::optional<std::string> marker;   // SHARED/.clusterbench-share; nullopt = missing
  bool sharedDirExists = false;
  bool systemdRunning = false;  // systemctl installed and /run/systemd/system present (sd_booted)
  bool exportfsInstalled = false;
};

Result<NfsExportCurrent> observeNfsExport(const spec::NodeConfig& desired, ConfigEnv& env);

/// The block body: "PATH CLIENT(OPTIONS)..." and a newline.
std::string renderExportsBlock(const spec::NodeConfig& desired);

/// An error when no client is given (exports(5) would export to the world).
Result<Plan> planNfsExport(const spec::NodeConfig& desired, const NfsExportCurrent& current);

Applier nfsExportApplier();

}  // namespace cb::agent::config
