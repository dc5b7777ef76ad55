// clusterbench: the controller daemon and its CLI in one binary.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "clusterbench: build, configure and benchmark small clusters of VMs and containers.\n"
      "The controller daemon (`clusterbench controller`) talks to clusterbench-agent on "
      "every node;\nthe other subcommands talk to the running daemon."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "0.1.0");
  cb::cli::addConfigFileOption(app);
  cb::cli::GlobalOptions g;
  app.add_option("--state-dir", g.stateDir,
                 "controller state dir (default $CLUSTERBENCH_STATE_DIR, else "
                 "/var/lib/clusterbench as root)");
  app.add_option("--control", g.control, "control endpoint of the daemon (overrides --state-dir)");
  app.add_option("--log-level", g.logLevel, "trace|debug|info|warn|error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  cb::cli::addControllerCommand(app, g);
  cb::cli::addNodesCommand(app, g);
  cb::cli::addKeysCommand(app, g);
  cb::cli::addTokenCommand(app, g);
  cb::cli::addApplyCommand(app, g);
  cb::cli::addRunCommand(app, g);
  cb::cli::addCancelCommand(app, g);
  cb::cli::addResultsCommand(app, g);
  cb::cli::addSuitesCommand(app, g);
  cb::cli::addParseCommand(app, g);
  cb::cli::addImportCommand(app, g);
  cb::cli::addStatusCommand(app, g);
  cb::cli::addLabCommand(app, g);
  cb::cli::addReportCommand(app, g);
  cb::cli::addImageCommand(app, g);
  cb::cli::addVboxCommand(app, g);
  cb::cli::addStudyCommand(app, g);
  cb::cli::addDoctorCommand(app, g);
  app.parse_complete_callback([&g] {
    spdlog::set_level(spdlog::level::from_str(g.logLevel));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  });
  return cb::cli::parseCommandLine(app, argc, argv);
}
