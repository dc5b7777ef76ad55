// `clusterbench report`: the VM-vs-container comparison (issue 5, DESIGN §6), read straight from
// the state dir's results store, opened read-only so it works while the controller runs.
#include <charconv>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "control/control_client.hpp"
#include "os/atomic_file.hpp"
#include "report/report.hpp"
#include "store/store.hpp"

namespace cb::cli {
namespace {

struct ReportArgs {
  std::string runs;
  std::string groupBy = report::kGroupByEnvironment;
  std::string benchmark;
  std::string format = "md";
  std::string output;
};

/// "3,5,9" -> {3, 5, 9}; an error names the word that is not a positive run id.
Result<std::vector<std::int64_t>> parseRunIds(const std::string& text) {
  std::vector<std::int64_t> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string word = text.substr(start, comma - start);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), id);
    if (word.empty() || ec != std::errc() || end != word.data() + word.size() || id <= 0) {
      return fail("--runs '" + text + "': '" + word + "' is not a run id (expected e.g. 3,5,9)");
    }
    ids.push_back(id);
    start = comma + 1;
  }
  return ids;
}

void runReport(const GlobalOptions& g, const ReportArgs& a) {
  report::ReportOptions options;
  auto format = report::parseFormat(a.format);
  if (!format) failCommand("--format '" + a.format + "': expected md, html, csv or json", 2);
  options.format = *format;
  options.groupBy = a.groupBy;
  options.query.benchmark = a.benchmark;
  if (!a.runs.empty()) {
    auto ids = parseRunIds(a.runs);
    if (!ids) failCommand(ids.error(), 2);
    options.query.runIds = std::move(*ids);
  }
  const auto path = control::resolveStateDir(g.stateDir) / "results.db";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    failCommand("no results store at " + path.string() +
                " (run benchmarks first, or point --state-dir at the controller's state dir)");
  }
  auto store = store::Store::openReadOnly(path);
  if (!store) failCommand(store.error());

  if (a.output.empty() || a.output == "-") {
    if (auto s = report::writeReport(**store, options, std::cout); !s) failCommand(s.error());
    std::cout.flush();
    return;
  }
  std::ostringstream text;
  if (auto s = report::writeReport(**store, options, text); !s) failCommand(s.error());
  if (auto s = os::writeFileAtomic(a.output, text.str()); !s) failCommand(s.error());
  std::cerr << "wrote " << a.output << " (" << text.str().size() << " bytes)\n";
}

}  // namespace

void addReportCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "report",
      "Compare environments (VM vs container) from the stored results.\n"
      "Reads the results store in the state dir directly (read-only; works while the controller\n"
      "runs). md/html: one table per benchmark family with mean ± stddev (n), ratios and which\n"
      "group is better, reference checks, and in HTML inline SVG charts (bars with error bars,\n"
      "iozone/fio throughput vs record size). csv/json: one row per sample with its labels.");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("--runs", args->runs, "comma-separated run ids (default: every run)");
  cmd->add_option("--group-by", args->groupBy,
                  "run label to compare by; 'environment' (default) is the run's environment "
                  "label, else the nodes' environment")
      ->capture_default_str();
  cmd->add_option("--benchmark,-b", args->benchmark, "only runs of this benchmark");
  cmd->add_option("--format,-f", args->format, "md, html, csv or json")
      ->check(CLI::IsMember({"md", "markdown", "html", "csv", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "write to FILE (atomically) instead of stdout");
  cmd->callback([&g, args] { runReport(g, *args); });
}

}  // namespace cb::cli
