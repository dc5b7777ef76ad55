#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/control_client.hpp"
#include "cli/result_table.hpp"

namespace cb::cli {

void addRunCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("run", "Run a catalogued benchmark on ready nodes and wait");
  static RunArgs args;
  static std::vector<std::string> params;
  static double timeoutSeconds = 0;
  cmd->add_option("--benchmark,-b", args.benchmark, "catalog name, e.g. sysbench-cpu")->required();
  cmd->add_option("--nodes,-n", args.nodes, "node hostnames or ids (default: every ready node)")
      ->delimiter(',');
  cmd->add_option("--param,-p", params, "benchmark parameter NAME=VALUE (repeatable)");
  cmd->add_option("--timeout", timeoutSeconds, "per-node time limit in seconds (default: catalog)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_flag("--json", g.json, "print the finished run as JSON");
  cmd->callback([&g] {
    for (const auto& p : params) {
      auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        failCommand("--param '" + p + "': expected NAME=VALUE", 2);
      }
      args.params[p.substr(0, eq)] = p.substr(eq + 1);
    }
    args.timeoutMs = static_cast<std::uint32_t>(timeoutSeconds * 1000);
    bool tty = ::isatty(STDERR_FILENO);
    auto run = requestRun(
        controlEndpoint(g), args,
        [&](const std::string& line) {
          if (!g.json || tty) std::cerr << line << "\n";
        },
        std::chrono::hours(25));
    if (!run) failCommand(run.error());
    if (g.json) {
      std::cout << run->dump(2) << "\n";
    } else {
      printRunResults(*run, std::cout);
    }
    if (run->value("status", "") != "succeeded") throw CLI::RuntimeError(3);
  });
}

void addResultsCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("results", "Show stored runs and their per-node results");
  static std::uint32_t limit = 10;
  static std::int64_t runId = 0;
  cmd->add_option("--limit", limit, "most recent runs to show")->capture_default_str();
  cmd->add_option("--run", runId, "only this run (with raw output in --json)");
  cmd->add_flag("--json", g.json, "print as JSON");
  cmd->callback([&g] {
    auto runs = requestResults(controlEndpoint(g), limit, runId, std::chrono::seconds(30));
    if (!runs) failCommand(runs.error());
    if (g.json) {
      std::cout << runs->dump(2) << "\n";
      return;
    }
    if (runs->empty()) std::cout << "no runs stored yet\n";
    for (const auto& r : *runs) {
      printRunResults(r, std::cout);
      std::cout << "\n";
    }
  });
}

}  // namespace cb::cli
