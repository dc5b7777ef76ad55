// `clusterbench lab`: placeholder until the lab module lands.
#include "cli/commands.hpp"

namespace cb::cli {
void addLabCommand(CLI::App& app, GlobalOptions&) {
  auto* cmd = app.add_subcommand("lab", "Local lab cluster on this machine");
  cmd->callback([] { failCommand("lab: not built yet"); });
}
}  // namespace cb::cli
