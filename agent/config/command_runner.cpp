#include "config/command_runner.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "os/process_runner.hpp"

namespace cb::agent::config {
namespace {

bool isExecutable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

class SystemCommandRunner final : public CommandRunner {
 public:
  explicit SystemCommandRunner(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  CommandResult run(const std::vector<std::string>& argv) override {
    const os::ProcessExit exit = os::runSync(argv, timeout_);
    CommandResult result;
    result.started = exit.started;
    result.exitCode = exit.exitCode;
    result.out = exit.out;
    result.err = exit.err;
    if (!exit.started) {
      result.err = exit.error;
    } else if (exit.timedOut) {
      result.err += (result.err.empty() ? "" : "\n") + std::string("killed after the timeout");
      if (result.exitCode == 0) result.exitCode = -1;
    }
    return result;
  }

  bool available(const std::string& program) override {
    if (program.empty()) return false;
    if (program.find('/') != std::string::npos) return isExecutable(program);
    const char* path = std::getenv("PATH");
    std::string_view dirs =
        path != nullptr ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    while (true) {
      const auto colon = dirs.find(':');
      std::string dir(dirs.substr(0, colon));
      if (dir.empty()) dir = ".";
      if (isExecutable(dir + "/" + program)) return true;
      if (colon == std::string_view::npos) return false;
      dirs.remove_prefix(colon + 1);
    }
  }

 private:
  std::chrono::milliseconds timeout_;
};

bool needsQuotes(const std::string& word) {
  if (word.empty()) return true;
  return word.find_first_of(" \t\n'\"\\$`;&|<>()*?[]{}~#!") != std::string::npos;
}

}  // namespace

std::unique_ptr<CommandRunner> makeSystemCommandRunner(std::chrono::milliseconds timeout) {
  return std::make_unique<SystemCommandRunner>(timeout);
}

std::string displayCommand(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& word : argv) {
    if (!out.empty()) out += ' ';
    if (!needsQuotes(word)) {
      out += word;
      continue;
    }
    out += '\'';
    for (char c : word) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    out += '\'';
  }
  return out;
}

}  // namespace cb::agent::config
