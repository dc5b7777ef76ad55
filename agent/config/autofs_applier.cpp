#include "config/autofs_applier.hpp"

#include "config/text_lines.hpp"

namespace cb::agent::config {

Result<AutofsCurrent> observeAutofs(ConfigEnv& env) {
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
  const std::string header = kOwnedFileHeader;
  const std::string entry = header + "/- " + kAutofsMapPath + "\n";
  const std::string map = header + desired.autofsMountPoint + " " + desired.autofsOptions + " " +
                          desired.autofsSource + "\n";
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
  if (!plan.files.empty()) {
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
            auto current = observeAutofs(env);
            if (!current) return fail(current.error());
            return planAutofs(config, *current);
          }};
}

}  // namespace cb::agent::config
