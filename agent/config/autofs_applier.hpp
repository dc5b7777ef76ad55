#pragma once
// A worker's automount of the master's export, as the seed sets it up but in files clusterbench
// owns whole: /etc/auto.master.d/clusterbench.autofs holds the direct-map entry
// "/- /etc/auto.clusterbench", and /etc/auto.clusterbench the mount
// "MOUNTPOINT OPTIONS SOURCE" (e.g. "/shared -fstype=nfs,rw master:/shared"). Debian's
// /etc/auto.master reads /etc/auto.master.d through its "+dir:/etc/auto.master.d" line.
// `systemctl restart autofs` (a service command, only where systemd runs) when a file changes.
// Once both files are in place and services run, the observer reads the master's share marker
// (nfs_export_applier.hpp) through the mount, in a child with a time limit (a hard NFS mount
// can block): the report says whether the share really works, and a share that cannot be read
// is drift whose remedy is restarting autofs.
#include <optional>
#include <string>

#include "config/applier.hpp"

namespace cb::agent::config {

inline constexpr const char* kAutofsMasterEntryPath = "/etc/auto.master.d/clusterbench.autofs";
inline constexpr const char* kAutofsMapPath = "/etc/auto.clusterbench";

struct AutofsCurrent {
  std::optional<std::string> masterEntry;  // our auto.master.d file
  std::optional<std::string> map;          // our map file
  std::optional<std::string> autoMaster;   // /etc/auto.master (read only, for a warning)
  bool systemdRunning = false;             // as for nfs_export
  /// shareProbeCommand's result; probed only when the files are already as desired, services
  /// run and systemd does.
  std::optional<CommandResult> shareProbe;
};

/// The probe's argv: `timeout -k 5 20 dd if=MOUNTPOINT/.clusterbench-share iflag=nofollow
/// bs=4096 count=1 status=none` (a symlink as the marker is not followed; one block at most).
std::vector<std::string> shareProbeCommand(const spec::NodeConfig& desired);

Result<AutofsCurrent> observeAutofs(const spec::NodeConfig& desired, ConfigEnv& env);

Plan planAutofs(const spec::NodeConfig& desired, const AutofsCurrent& current);

Applier autofsApplier();

}  // namespace cb::agent::config
