#include <iostream>

#include "cli/commands.hpp"
#include "control/control_client.hpp"

namespace cb::cli {

std::string controlEndpoint(const GlobalOptions& g) {
  if (!g.control.empty()) return g.control;
  return control::controlEndpointFor(control::resolveStateDir(g.stateDir));
}

std::filesystem::path selfBinary() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) failCommand("cannot resolve /proc/self/exe: " + ec.message());
  return self;
}

void failCommand(const std::string& message, int code) {
  std::cerr << "error: " << message << "\n";
  throw CLI::RuntimeError(code);
}

}  // namespace cb::cli
