#include <iostream>

#include "cli/commands.hpp"
#include "cli/control_client.hpp"

namespace cb::cli {

std::string controlEndpoint(const GlobalOptions& g) {
  if (!g.control.empty()) return g.control;
  return controlEndpointFor(resolveStateDir(g.stateDir));
}

void failCommand(const std::string& message, int code) {
  std::cerr << "error: " << message << "\n";
  throw CLI::RuntimeError(code);
}

}  // namespace cb::cli
