#include "vbox/vbox_runner.hpp"

namespace cb::vbox {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Status runSteps(const std::vector<Step>& steps, const CommandRunner& run,
                const std::function<void(const std::string&)>& say) {
  for (const auto& step : steps) {
    const auto line = shellLine(step.argv);
    if (say) say(line);
    auto exit = run(step.argv);
    if (!exit.started) {
      return fail("cannot run `" + line + "`: " + exit.error +
                  (step.argv[0] == "VBoxManage" ? " (is VirtualBox installed?)" : ""));
    }
    if (exit.exitCode == 0 && !exit.timedOut) continue;
    std::string why = "`" + line + "` " +
                      (exit.timedOut ? std::string("timed out")
                                     : "failed (exit " + std::to_string(exit.exitCode) + ")");
    if (auto err = trimmed(exit.err); !err.empty()) why += ": " + err;
    if (step.mayFail) {
      if (say) say("  (ignored) " + why);
      continue;
    }
    return fail(why);
  }
  return okStatus();
}

}  // namespace cb::vbox
