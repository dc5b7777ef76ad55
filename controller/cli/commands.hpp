#pragma once
// CLI subcommands of `clusterbench`. Each add*Command registers its subcommand, options and
// callback on the app; main() calls them in order. Callbacks throw CLI::RuntimeError(code) to
// exit non-zero after printing a message on stderr.
#include <CLI/CLI.hpp>
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

void addControllerCommand(CLI::App& app, GlobalOptions& g);
void addNodesCommand(CLI::App& app, GlobalOptions& g);
void addRunCommand(CLI::App& app, GlobalOptions& g);
void addCancelCommand(CLI::App& app, GlobalOptions& g);
void addResultsCommand(CLI::App& app, GlobalOptions& g);
/// `parse` (saved outputs to samples, no daemon) and `import` (saved outputs stored as runs).
void addParseCommand(CLI::App& app, GlobalOptions& g);
void addImportCommand(CLI::App& app, GlobalOptions& g);
void addStatusCommand(CLI::App& app, GlobalOptions& g);
void addLabCommand(CLI::App& app, GlobalOptions& g);

}  // namespace cb::cli
