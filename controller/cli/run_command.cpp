#include <iostream>

#include "bench/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/progress_printer.hpp"
#include "cli/reply_json.hpp"
#include "cli/result_table.hpp"
#include "control/control_client.hpp"
#include "lab/lab.hpp"
#include "labels/run_labels.hpp"
#include "os/atomic_file.hpp"
#include "spec/suite.hpp"

namespace cb::cli {

namespace {

/// NAME=VALUE words into a map; the error names the bad word and the option.
std::map<std::string, std::string> keyValues(const std::vector<std::string>& words,
                                             const std::string& option) {
  std::map<std::string, std::string> out;
  for (const auto& p : words) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      failCommand(option + " '" + p + "': expected NAME=VALUE", 2);
    }
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

/// --label words checked as the daemon will check them (exit 2 on a bad one).
std::map<std::string, std::string> runLabels(const std::vector<std::string>& words) {
  auto out = keyValues(words, "--label");
  if (auto s = labels::checkRunLabels(out); !s) failCommand(s.error(), 2);
  return out;
}

/// `run` with every row: a reply in the summary form is completed from `results --run` (without
/// raw output, like the reply itself).
void fetchEveryRow(const GlobalOptions& g, control::RunSummary& run) {
  if (run.resultsOmitted == 0) return;
  auto full =
      control::requestResults(controlEndpoint(g), 1, run.runId, std::chrono::minutes(5), false);
  if (!full) failCommand("run " + std::to_string(run.runId) + ": " + full.error());
  if (full->size() != 1) failCommand("run " + std::to_string(run.runId) + " is not stored");
  run = std::move(full->front());
}

/// Runs the suite `file`, or with `resumeSuiteId` continues that stored suite run (`file` "" =
/// the suite as stored; a given file must be that suite).
void runSuiteFile(const GlobalOptions& g, const std::string& file,
                  const std::map<std::string, std::string>& labels, bool quiet,
                  std::int64_t resumeSuiteId, std::string master) {
  // Without --master, a lab's master (the node `lab up` made master) when the lab runs on this
  // controller; else the controller uses the applied spec's.
  if (master.empty()) {
    master = lab::labMasterNodeId(control::resolveStateDir(g.stateDir), controlEndpoint(g));
  }
  std::string text;
  if (!file.empty()) {
    auto catalog = bench::makeDefaultCatalog();
    auto suite = spec::loadSuite(file, catalog);
    if (!suite) failCommand("invalid suite:\n" + suite.error(), 2);
    auto read = os::readFile(file);
    if (!read) failCommand(read.error());
    text = std::move(*read);
  }
  auto summary =
      control::requestSuite(controlEndpoint(g), text, file, labels, progressPrinter(quiet),
                            std::chrono::hours(24 * 7), resumeSuiteId, master);
  if (!summary) failCommand(summary.error());
  if (g.json) {
    for (auto& r : summary->runs) {
      if (r.run) fetchEveryRow(g, *r.run);
    }
    std::cout << suiteJson(*summary).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    for (const auto& r : summary->runs) {
      std::cout << "[" << r.step << " #" << r.repetition << "] ";
      if (r.run) {
        printRunResults(*r.run, std::cout);
      } else {
        std::cout << r.status << ": " << r.message << "\n";
      }
      std::cout << "\n";
    }
    std::cout << "suite " << summary->suite;
    if (summary->suiteId != 0) std::cout << " (suite run " << summary->suiteId << ")";
    std::cout << ": " << summary->status << "\n";
  }
  if (summary->status != "succeeded") throw CLI::RuntimeError(3);
}

}  // namespace

void addRunCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "run", "Run a suite file, or one catalogued benchmark (--benchmark), and wait for results");
  static control::RunArgs args;
  static std::string suiteFile;
  static std::vector<std::string> params, labels;
  static double timeoutSeconds = 0;
  static bool progress = false;
  static std::int64_t resumeSuiteId = 0;
  static std::string master;
  cmd->add_option("suite", suiteFile, "suite YAML file (see suites/quick.yaml)");
  cmd->add_option("--resume", resumeSuiteId,
                  "continue suite run ID (see `clusterbench suites`) after its finished step "
                  "repetitions; the suite file is optional and must be the stored one")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--master", master,
                  "suites: the master node (node id, or a hostname one ready node reports) for "
                  "`nodes: master|workers`, iperf3's server and HPCC's mpirun (default: the lab's "
                  "master, else the node of the applied cluster spec's master entry)");
  cmd->add_option("--benchmark,-b", args.benchmark, "catalog name, e.g. sysbench-cpu");
  cmd->add_option("--nodes,-n", args.nodes, "node hostnames or ids (default: every ready node)")
      ->delimiter(',');
  cmd->add_option("--param,-p", params, "benchmark parameter NAME=VALUE (repeatable)");
  cmd->add_option(
      "--label,-l", labels,
      "label KEY=VALUE stored with the run, or every run of a suite (e.g. environment=vm; "
      "default: environment and virt_tech from the nodes' facts)");
  cmd->add_option("--timeout", timeoutSeconds, "per-node time limit in seconds (default: catalog)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_flag("--json", g.json, "print the finished run (or suite summary) as JSON");
  cmd->add_flag("--progress", progress,
                "progress lines on stderr even with --json when stderr is not a terminal");
  cmd->callback([&g] {
    if (resumeSuiteId != 0) {
      if (!args.benchmark.empty()) failCommand("--resume continues a suite, not --benchmark", 2);
      if (!labels.empty()) {
        failCommand("--resume keeps the labels the suite run started with: drop --label", 2);
      }
      runSuiteFile(g, suiteFile, {}, g.json && !progress, resumeSuiteId, master);
      return;
    }
    if (suiteFile.empty() == args.benchmark.empty()) {
      failCommand("give either a suite file or --benchmark NAME (see `clusterbench run --help`)",
                  2);
    }
    if (!suiteFile.empty()) {
      runSuiteFile(g, suiteFile, runLabels(labels), g.json && !progress, 0, master);
      return;
    }
    if (!master.empty()) {
      failCommand("--master chooses a suite's master; a single run's master is its first --nodes",
                  2);
    }
    args.params = keyValues(params, "--param");
    args.labels = runLabels(labels);
    args.timeoutMs = static_cast<std::uint32_t>(timeoutSeconds * 1000);
    auto run = control::requestRun(controlEndpoint(g), args, progressPrinter(g.json && !progress),
                                   std::chrono::hours(25));
    if (!run) failCommand(run.error());
    if (g.json) {
      fetchEveryRow(g, *run);
      std::cout << runJson(*run).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
    } else {
      printRunResults(*run, std::cout);
    }
    if (run->status != "succeeded") throw CLI::RuntimeError(3);
  });
}

void addCancelCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd =
      app.add_subcommand("cancel", "Cancel a run in flight (its process groups are killed)");
  static std::int64_t runId = 0;
  static bool all = false;
  cmd->add_option("run", runId, "run id (see `clusterbench results`)");
  cmd->add_flag("--all", all, "cancel every run and suite in flight");
  cmd->add_flag("--json", g.json, "print as JSON");
  cmd->callback([&g] {
    if ((runId == 0) != all) failCommand("give a run id or --all", 2);
    auto r = control::requestCancel(controlEndpoint(g), all ? 0 : runId, std::chrono::seconds(10));
    if (!r) failCommand(r.error());
    if (g.json) {
      std::cout << cancelledJson(*r).dump(2) << "\n";
    } else if (r->empty()) {
      std::cout << "nothing to cancel\n";
    } else {
      std::cout << "cancelling run(s) " << nlohmann::json(*r).dump() << "\n";
    }
  });
}

void addResultsCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("results", "Show stored runs and their per-node results");
  static std::uint32_t limit = 10;
  static std::int64_t runId = 0;
  static bool allRows = false;
  cmd->add_option("--limit", limit, "most recent runs to show")->capture_default_str();
  cmd->add_option("--run", runId, "only this run (with raw output in --json)");
  cmd->add_flag("--all", allRows,
                "every node's row in the table (default: runs of more than " +
                    std::to_string(kTableRowsUpTo) + " nodes show counts and failures)");
  cmd->add_flag("--json", g.json, "print as JSON (always every row)");
  cmd->callback([&g] {
    auto runs = control::requestResults(controlEndpoint(g), limit, runId, std::chrono::seconds(30));
    if (!runs) failCommand(runs.error());
    if (g.json) {
      std::cout << runsJson(*runs).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
      return;
    }
    if (runs->empty()) std::cout << "no runs stored yet\n";
    for (const auto& r : *runs) {
      printRunResults(r, std::cout, allRows);
      std::cout << "\n";
    }
  });
}

}  // namespace cb::cli
