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

struct NfsExportCurrent {
  std::optional<std::string> exports;  // /etc/exports; nullopt = missing
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
