#include "config/applier.hpp"

namespace cb::agent::config {

std::optional<FileChange> changeIfDifferent(const std::string& path,
                                            const std::optional<std::string>& current,
                                            std::string desired, unsigned mode) {
  if (current && *current == desired) return std::nullopt;
  return FileChange{path, current, std::move(desired), mode};
}

std::string commandFailure(const std::vector<std::string>& argv, const CommandResult& result) {
  std::string out = displayCommand(argv) + ": ";
  if (!result.started) return out + "did not start: " + result.err;
  out += "exit " + std::to_string(result.exitCode);
  std::string err = result.err;
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
  if (!err.empty()) out += ": " + err;
  return out;
}

}  // namespace cb::agent::config
