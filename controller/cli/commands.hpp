#pragma once
// CLI subcommands of `clusterbench`. Each add*Command registers its subcommand, options and
// callback on the app; main() calls them in order. Callbacks throw CLI::RuntimeError(code) to
// exit non-zero after printing a message on stderr.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

namespace cb::cli {

struct GlobalOptions {
  std::string stateDir;  // --state-dir
  std::string control;   // --control endpoint (overrides the state dir's socket)
  bool json = false;     // --json where supported
  std::string logLevel = "info";
};

/// The endpoint the CLI talks to: --control, else the state dir's control socket.
std::string controlEndpoint(const GlobalOptions& g);

/// Prints "error: <message>" on stderr and exits with `code` through CLI11.
[[noreturn]] void failCommand(const std::string& message, int code = 1);

/// This program's own binary (/proc/self/exe), to find the binaries and scripts beside it and to
/// run child commands; fails the command when it cannot be resolved.
std::filesystem::path selfBinary();

/// Read at start when it exists; `--config FILE` names another (which must then exist).
inline constexpr const char* kDefaultConfigFile = "/etc/clusterbench/controller.conf";
/// `--config FILE` on the whole program: options by long name at the top, a subcommand's in a
/// section named after it ([controller]); unknown names are errors. Call before adding
/// subcommands.
void addConfigFileOption(CLI::App& app);
/// app.parse(); errors about the config file name it. Returns the process exit code.
int parseCommandLine(CLI::App& app, int argc, char** argv);

void addControllerCommand(CLI::App& app, GlobalOptions& g);
void addNodesCommand(CLI::App& app, GlobalOptions& g);
/// `keys list|accept|reject|delete` (enrollment key store) and `token create` (join tokens).
void addKeysCommand(CLI::App& app, GlobalOptions& g);
void addTokenCommand(CLI::App& app, GlobalOptions& g);
void addRunCommand(CLI::App& app, GlobalOptions& g);
void addCancelCommand(CLI::App& app, GlobalOptions& g);
void addResultsCommand(CLI::App& app, GlobalOptions& g);
void addSuitesCommand(CLI::App& app, GlobalOptions& g);
/// `parse` (saved outputs to samples, no daemon) and `import` (saved outputs stored as runs).
void addParseCommand(CLI::App& app, GlobalOptions& g);
void addImportCommand(CLI::App& app, GlobalOptions& g);
void addStatusCommand(CLI::App& app, GlobalOptions& g);
void addLabCommand(CLI::App& app, GlobalOptions& g);
/// `report`: comparison report or sample export read from the results store (no daemon).
void addReportCommand(CLI::App& app, GlobalOptions& g);
/// `apply` (cluster spec to every node, --dry-run diffs) and `verify` (drift report).
void addApplyCommand(CLI::App& app, GlobalOptions& g);
/// `image build|show`: the template image of the nspawn, podman and qemu lab providers.
void addImageCommand(CLI::App& app, GlobalOptions& g);
/// `vbox create|destroy`: VirtualBox nodes from a template through VBoxManage.
void addVboxCommand(CLI::App& app, GlobalOptions& g);
/// `study`: the VM-vs-container comparison (labs up in turn, a suite on each, one report).
void addStudyCommand(CLI::App& app, GlobalOptions& g);
/// `clusterbench doctor [--json]`: what works on this host (lab/host_checks.hpp).
void addDoctorCommand(CLI::App& app, GlobalOptions& g);

}  // namespace cb::cli
