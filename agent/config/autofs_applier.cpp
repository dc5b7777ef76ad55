#include "config/autofs_applier.hpp"

#include "config/nfs_export_applier.hpp"
#include "config/text_lines.hpp"

namespace cb::agent::config {
namespace {

std::string entryText() {
  return std::string(kOwnedFileHeader) + "/- " + kAutofsMapPath + "\n";
}

std::string mapText(const spec::NodeConfig& desired) {
  return std::string(kOwnedFileHeader) + desired.autofsMountPoint + " " + desired.autofsOptions +
         " " + desired.autofsSource + "\n";
}

}  // namespace

std::vector<std::string> shareProbeCommand(const spec::NodeConfig& desired) {
  // iflag=nofollow: a symlink the master planted as its marker is not followed on this node.
  return {"timeout",
          "-k",
          "5",
          "20",
          "dd",
          "if=" + desired.autofsMountPoint + "/" + kShareMarkerName,
          "iflag=nofollow",
          "bs=4096",
          "count=1",
          "status=none"};
}

Result<AutofsCurrent> observeAutofs(const spec::NodeConfig& desired, ConfigEnv& env) {
  AutofsCurrent current;
  for (auto [path, slot] : {std::pair{kAutofsMasterEntryPath, &current.masterEntry},
                            std::pair{kAutofsMapPath, &current.map},
                            std::pair{"/etc/auto.master", &current.autoMaster}}) {
    auto file = env.fs.read(path);
    if (!file) return fail(file.error());
    *slot = *file;
  }
  current.systemdRunning =
      env.runner.available("systemctl") && env.fs.exists("/run/systemd/system");
  if (env.options.runServices && current.systemdRunning && current.masterEntry == entryText() &&
      current.map == mapText(desired)) {
    current.shareProbe = env.runner.run(shareProbeCommand(desired));
  }
  return current;
}

namespace {

bool readsMasterDir(std::string_view autoMaster) {
  for (std::string_view line : linesOf(autoMaster)) {
    const auto words = wordsBeforeComment(line);
    if (!words.empty() && words[0] == "+dir:/etc/auto.master.d") return true;
  }
  return false;
}

}  // namespace

Plan planAutofs(const spec::NodeConfig& desired, const AutofsCurrent& current) {
  Plan plan;
  const std::string entry = entryText();
  const std::string map = mapText(desired);
  if (auto change = changeIfDifferent(kAutofsMasterEntryPath, current.masterEntry, entry)) {
    plan.files.push_back(std::move(*change));
  }
  if (auto change = changeIfDifferent(kAutofsMapPath, current.map, map)) {
    plan.files.push_back(std::move(*change));
  }
  if (!current.autoMaster) {
    plan.notes.push_back("/etc/auto.master is missing: is autofs installed?");
  } else if (!readsMasterDir(*current.autoMaster)) {
    plan.notes.push_back(
        "/etc/auto.master has no \"+dir:/etc/auto.master.d\" line: autofs will not read " +
        std::string(kAutofsMasterEntryPath));
  }
  if (current.shareProbe && current.shareProbe->ok()) {
    plan.notes.push_back(desired.autofsSource + " is mounted on " + desired.autofsMountPoint +
                         ": read " + kShareMarkerName + " (\"" +
                         std::string(firstLineOf(current.shareProbe->out)) + "\")");
  }
  // A share that cannot be read through the mount (seen after autofs started before the master's
  // export or the hosts entry existed) is drift: restarting autofs is the remedy.
  const bool unreadable = current.shareProbe && !current.shareProbe->ok();
  if (unreadable) {
    plan.notes.push_back(desired.autofsSource + " is not readable through " +
                         desired.autofsMountPoint + " (is the master's export up?): " +
                         commandFailure(shareProbeCommand(desired), *current.shareProbe));
  }
  if (!plan.files.empty() || unreadable) {
    if (current.systemdRunning) {
      plan.commands.push_back({{"systemctl", "restart", "autofs"}, true});
    } else {
      plan.notes.push_back("systemd is not running: restart autofs by other means");
    }
  }
  return plan;
}

Applier autofsApplier() {
  return {"autofs", [](const spec::NodeConfig& config) { return config.autofsEnabled; },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observeAutofs(config, env);
            if (!current) return fail(current.error());
            return planAutofs(config, *current);
          }};
}

}  // namespace cb::agent::config
