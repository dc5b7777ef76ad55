// `clusterbench suites`: the stored suite runs, to find the one `run --resume` continues.
#include <ctime>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/reply_json.hpp"
#include "cli/table.hpp"
#include "control/control_client.hpp"

namespace cb::cli {
namespace {

/// "2026-12-06 03:09:34" (UTC) of milliseconds since the epoch; "-" for 0.
std::string utcTime(std::int64_t ms) {
  if (ms == 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace

void addSuitesCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "suites", "List stored suite runs (an interrupted one continues with `run --resume ID`)");
  static std::uint32_t limit = 20;
  cmd->add_option("--limit", limit, "most recent suite runs to show")->capture_default_str();
  cmd->add_flag("--json", g.json, "print as JSON");
  cmd->callback([&g] {
    auto suites = control::requestSuites(controlEndpoint(g), limit, std::chrono::seconds(30));
    if (!suites) failCommand(suites.error());
    if (g.json) {
      std::cout << suitesJson(*suites).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
      return;
    }
    if (suites->empty()) {
      std::cout << "no suite runs stored yet\n";
      return;
    }
    Table table({"ID", "SUITE", "STATUS", "STEPS", "REPETITIONS", "STARTED (UTC)", "FILE"});
    for (const auto& s : *suites) {
      table.add({std::to_string(s.suiteId), s.name, s.status,
                 std::to_string(s.stepsDone) + "/" + std::to_string(s.stepsTotal),
                 std::to_string(s.repetitionsDone), utcTime(s.startedAtMs), s.fileName});
    }
    table.print(std::cout);
  });
}

}  // namespace cb::cli
