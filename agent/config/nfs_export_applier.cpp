#include "config/nfs_export_applier.hpp"

#include "config/managed_block.hpp"

namespace cb::agent::config {

Result<NfsExportCurrent> observeNfsExport(const spec::NodeConfig& desired, ConfigEnv& env) {
  NfsExportCurrent current;
  auto exports = env.fs.read("/etc/exports");
  if (!exports) return fail(exports.error());
  current.exports = *exports;
  current.sharedDirExists = env.fs.exists(desired.sharedPath);
  if (current.sharedDirExists) {
    auto marker = env.fs.read(desired.sharedPath + "/" + kShareMarkerName);
    if (!marker) return fail(marker.error());
    current.marker = *marker;
  }
  current.systemdRunning =
      env.runner.available("systemctl") && env.fs.exists("/run/systemd/system");
  current.exportfsInstalled = env.runner.available("exportfs");
  return current;
}

std::string shareMarkerText(const spec::NodeConfig& desired) {
  return "clusterbench: " + desired.sharedPath + " exported by " + desired.hostname + "\n";
}

std::string renderExportsBlock(const spec::NodeConfig& desired) {
  std::string line = desired.sharedPath;
  for (const auto& client : desired.exportClients) {
    line += " " + client + "(" + desired.exportOptions + ")";
  }
  return line + "\n";
}

Result<Plan> planNfsExport(const spec::NodeConfig& desired, const NfsExportCurrent& current) {
  if (desired.exportClients.empty()) return fail("no export clients: refusing to export to all");
  Plan plan;
  BlockEdit edit = replaceManagedBlock(current.exports.value_or(""), renderExportsBlock(desired));
  plan.notes = std::move(edit.notes);
  if (!current.sharedDirExists) plan.directories.push_back(desired.sharedPath);
  if (auto marker = changeIfDifferent(desired.sharedPath + "/" + kShareMarkerName, current.marker,
                                      shareMarkerText(desired))) {
    plan.files.push_back(std::move(*marker));
  }
  if (auto change = changeIfDifferent("/etc/exports", current.exports, std::move(edit.text))) {
    plan.files.push_back(std::move(*change));
    if (current.systemdRunning) {
      plan.commands.push_back({{"systemctl", "enable", "--now", "nfs-kernel-server"}, true});
    } else {
      plan.notes.push_back("systemd is not running: start the NFS server by other means");
    }
    plan.commands.push_back({{"exportfs", "-ra"}, true});
    if (!current.exportfsInstalled) {
      plan.notes.push_back("exportfs is not installed (Debian package nfs-kernel-server)");
    }
  }
  return plan;
}

Applier nfsExportApplier() {
  return {"nfs_export", [](const spec::NodeConfig& config) { return config.nfsExportEnabled; },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observeNfsExport(config, env);
            if (!current) return fail(current.error());
            return planNfsExport(config, *current);
          }};
}

}  // namespace cb::agent::config
