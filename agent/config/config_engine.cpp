#include "config/config_engine.hpp"

#include "config/autofs_applier.hpp"
#include "config/gateway_applier.hpp"
#include "config/hostname_applier.hpp"
#include "config/hosts_applier.hpp"
#include "config/network_applier.hpp"
#include "config/nfs_export_applier.hpp"
#include "config/packages_applier.hpp"
#include "config/text_lines.hpp"
#include "config/unified_diff.hpp"

namespace cb::agent::config {
namespace {

std::string displayPlanned(const PlannedCommand& command) {
  std::string text = displayCommand(command.argv);
  if (!command.stdoutTo.empty()) text += " > " + command.stdoutTo;
  return text;
}

/// Carries out one step's plan, remembering what it wrote so a failure can put it back.
class StepApplication {
 public:
  StepApplication(ConfigEnv& env, StepReport& report) : env_(env), report_(report) {}

  /// Writes, creates and runs the plan; an error (with the step's files restored) on failure.
  Status run(const Plan& plan) {
    // Directories first: a planned file may live in one (the share marker in the shared dir).
    for (const auto& dir : plan.directories) {
      if (auto made = env_.fs.makeDirs(dir); !made) return restoreAfter(made.error());
    }
    for (const auto& file : plan.files) {
      if (auto written = write(file.path, file.oldContent, file.newContent, file.mode); !written) {
        return restoreAfter(written.error());
      }
    }
    for (const auto& command : plan.commands) {
      if (command.service && !env_.options.runServices) {
        notRun_.push_back(displayPlanned(command));
        continue;
      }
      report_.commands.push_back(displayPlanned(command));
      const CommandResult result = env_.runner.run(command.argv);
      if (!result.ok()) return restoreAfter(commandFailure(command.argv, result));
      if (command.stdoutTo.empty()) continue;
      auto previous = env_.fs.read(command.stdoutTo);
      if (!previous) return restoreAfter(previous.error());
      if (*previous == result.out) continue;
      if (auto written = write(command.stdoutTo, *previous, result.out, command.stdoutMode);
          !written) {
        return restoreAfter(written.error());
      }
      report_.diff += unifiedDiff(command.stdoutTo, *previous, result.out);
    }
    return okStatus();
  }

  const std::vector<std::string>& notRun() const { return notRun_; }

 private:
  struct Written {
    std::string path;
    std::optional<std::string> previous;
    unsigned mode;
  };

  Status write(const std::string& path, const std::optional<std::string>& previous,
               const std::string& content, unsigned mode) {
    const std::string backup = kBackupDir + path;
    if (previous && !env_.fs.exists(backup)) {
      if (auto saved = env_.fs.write(backup, *previous, mode); !saved) return saved;
    }
    if (auto written = env_.fs.write(path, content, mode); !written) return written;
    written_.push_back({path, previous, mode});
    return okStatus();
  }

  Error restoreAfter(const std::string& failure) {
    std::string message = failure;
    std::vector<std::string> restored;
    for (auto it = written_.rbegin(); it != written_.rend(); ++it) {
      const Status undone = it->previous ? env_.fs.write(it->path, *it->previous, it->mode)
                                         : env_.fs.remove(it->path);
      if (undone) {
        restored.push_back(it->path);
      } else {
        message += "\ncould not restore " + it->path + ": " + undone.error();
      }
    }
    if (!restored.empty()) message += "\nrestored " + joined(restored, ", ");
    written_.clear();
    return fail(message);
  }

  ConfigEnv& env_;
  StepReport& report_;
  std::vector<Written> written_;
  std::vector<std::string> notRun_;
};

void addMessage(StepReport& report, const std::string& line) {
  if (line.empty()) return;
  if (!report.message.empty()) report.message += "\n";
  report.message += line;
}

StepReport runStep(const Applier& applier, const spec::NodeConfig& config, bool dryRun,
                   ConfigEnv& env) {
  StepReport report;
  report.applier = applier.name;
  auto plan = applier.prepare(config, env);
  if (!plan) {
    report.outcome = StepReport::kFailed;
    report.message = plan.error();
    return report;
  }
  for (const auto& note : plan->notes) addMessage(report, note);
  if (plan->empty()) {
    report.outcome = StepReport::kUnchanged;
    return report;
  }
  report.outcome = StepReport::kChanged;
  for (const auto& file : plan->files) {
    report.diff += unifiedDiff(file.path, file.oldContent, file.newContent);
  }
  const std::string dirVerb = dryRun ? "creates directory " : "created directory ";
  for (const auto& dir : plan->directories) addMessage(report, dirVerb + dir);
  if (dryRun) {
    std::vector<std::string> notRun;
    for (const auto& command : plan->commands) {
      if (command.service && !env.options.runServices) {
        notRun.push_back(displayPlanned(command));
      } else {
        report.commands.push_back(displayPlanned(command));
      }
    }
    if (!notRun.empty())
      addMessage(report, std::string(kServicesNotRun) + ": " + joined(notRun, "; "));
    return report;
  }
  StepApplication application(env, report);
  const Status applied = application.run(*plan);
  if (!application.notRun().empty()) {
    addMessage(report, std::string(kServicesNotRun) + ": " + joined(application.notRun(), "; "));
  }
  if (!applied) {
    report.outcome = StepReport::kFailed;
    report.message = applied.error() + (report.message.empty() ? "" : "\n" + report.message);
  }
  return report;
}

}  // namespace

std::vector<Applier> nodeAppliers() {
  return {packagesApplier(), hostnameApplier(),  hostsApplier(), networkApplier(),
          gatewayApplier(),  nfsExportApplier(), autofsApplier()};
}

std::vector<StepReport> applyNodeConfig(const spec::NodeConfig& config, bool dryRun,
                                        ConfigEnv& env) {
  return applyNodeConfig(config, dryRun, env, nodeAppliers());
}

std::vector<StepReport> applyNodeConfig(const spec::NodeConfig& config, bool dryRun, ConfigEnv& env,
                                        const std::vector<Applier>& appliers) {
  std::vector<StepReport> reports;
  bool failed = false;
  for (const auto& applier : appliers) {
    if (failed) {
      reports.push_back({applier.name, StepReport::kSkipped, {}, {}, kSkippedAfterFailure});
      continue;
    }
    if (!applier.enabled(config)) {
      reports.push_back({applier.name, StepReport::kSkipped, {}, {}, "disabled"});
      continue;
    }
    reports.push_back(runStep(applier, config, dryRun, env));
    failed = reports.back().outcome == StepReport::kFailed;
  }
  return reports;
}

}  // namespace cb::agent::config
