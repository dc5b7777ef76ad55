// `clusterbench import`: a directory of saved raw outputs stored as runs by the controller.
// One run per file and tool found (the importRun document holds one benchmark), each report of the
// file one result, sent one after another.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "bench/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/reply_json.hpp"
#include "control/control_client.hpp"
#include "import/saved_outputs.hpp"
#include "labels/run_labels.hpp"
#include "net/hostname.hpp"

namespace cb::cli {
namespace {

struct Skipped {
  std::string file;
  std::string reason;
};

/// Names of the regular files (symlinks followed) directly in `dir`, sorted.
std::vector<std::string> regularFiles(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) failCommand(dir.string() + ": not a directory", 2);
  std::vector<std::string> names;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code typeEc;
    if (it->is_regular_file(typeEc)) names.push_back(it->path().filename().string());
  }
  if (ec) failCommand(dir.string() + ": cannot list: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

std::map<std::string, std::string> labelArgs(const std::vector<std::string>& words) {
  std::map<std::string, std::string> out;
  for (const auto& w : words) {
    auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      failCommand("--label '" + w + "': expected KEY=VALUE", 2);
    if (!out.emplace(w.substr(0, eq), w.substr(eq + 1)).second) {
      failCommand("--label " + w.substr(0, eq) + " given twice", 2);
    }
  }
  if (auto s = labels::checkRunLabels(out); !s) failCommand(s.error(), 2);
  return out;
}

void printRuns(const std::vector<control::RunSummary>& runs, std::ostream& os) {
  for (const auto& run : runs) {
    std::size_t samples = 0;
    for (const auto& r : run.results) samples += r.samples.size();
    auto file = run.labels.find(imports::kImportFileLabel);
    os << "imported run " << run.runId << ": " << run.benchmark << " from "
       << (file == run.labels.end() ? std::string("?") : file->second.text) << ", "
       << run.results.size() << " report(s), " << samples << " samples";
    if (!run.labels.empty()) os << ", labels " << fieldsJson(run.labels).dump();
    os << "\n";
  }
}

}  // namespace

void addImportCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "import",
      "Store a directory of saved raw outputs (e.g. /shared/results) as runs in the controller.\n"
      "Every regular file directly in DIR is parsed (tool detected from its content, or --tool);\n"
      "a file may hold several reports (e.g. every process of `mpirun -np N sysbench ...`).\n"
      "Files that are empty, not recognized or do not parse are listed as skipped with the\n"
      "reason. Each file becomes one run per tool in it (status succeeded, labels file=NAME and\n"
      "tool=TOOL) whose results are its reports in order, with host name --hostname (default\n"
      "\"imported\") and environment from --label environment=vm|container|bare (else\n"
      "\"unknown\"). Fails when nothing in DIR is importable.");
  static std::string dir, tool, benchmark, hostname = imports::kDefaultImportHostname;
  static std::vector<std::string> labels;
  cmd->add_option("dir", dir, "directory of saved outputs")->required();
  cmd->add_option("--tool,-t", tool, "catalog name of the tool that wrote every file");
  cmd->add_option("--label,-l", labels,
                  "run label KEY=VALUE (repeatable), e.g. environment=vm, setup=virtualbox")
      ->allow_extra_args(false);  // one value per --label: DIR may follow
  cmd->add_option("--hostname", hostname, "host name stored with every imported result")
      ->capture_default_str();
  cmd->add_option("--benchmark,-b", benchmark,
                  "store the runs under this catalog name instead of the parser's (e.g. hpcc-mpi "
                  "for hpcc outputs of an mpirun); every file must come from one tool");
  cmd->add_flag("--json", g.json, "print {\"runs\": [stored runs], \"skipped\": [...]} as JSON");
  cmd->callback([&g] {
    auto catalog = bench::makeDefaultCatalog();
    for (const auto* name : {&tool, &benchmark}) {
      if (!name->empty() && catalog.find(*name) == nullptr) {
        failCommand(imports::chooseBenchmark(catalog, "", "", *name).error(), 2);
      }
    }
    if (auto s = net::checkHostOrIpv4(hostname); !s) failCommand("--hostname " + s.error(), 2);
    imports::ImportOptions options{labelArgs(labels), hostname, benchmark};

    std::vector<imports::SavedOutput> parsed;
    std::vector<Skipped> skipped;
    const std::filesystem::path root(dir);
    for (const auto& name : regularFiles(root)) {
      auto text = imports::readSavedOutputFile((root / name).string());
      if (!text) {
        skipped.push_back({name, text.error()});
        continue;
      }
      auto out = imports::parseSavedReports(catalog, name, *text, tool);
      if (!out) {
        skipped.push_back({name, out.error()});
        continue;
      }
      for (auto& o : *out) parsed.push_back(std::move(o));
    }
    // Skipped files are part of the answer: after the runs on stdout, or on stderr when stdout is
    // JSON (which lists them too) or nothing was imported.
    auto printSkipped = [&skipped](std::ostream& os) {
      for (const auto& s : skipped) os << "skipped " << s.reason << "\n";
    };
    if (g.json || parsed.empty()) printSkipped(std::cerr);
    if (parsed.empty()) {
      failCommand("nothing to import in " + dir + " (" + std::to_string(skipped.size()) +
                  " file(s) skipped" + (tool.empty() ? "; name their tool with --tool?" : "") +
                  ")");
    }
    auto docs = imports::buildImportDocuments(parsed, options, catalog);
    if (!docs) {
      if (!g.json) printSkipped(std::cerr);
      failCommand(docs.error(), 2);
    }

    std::vector<control::RunSummary> runs;
    for (const auto& doc : *docs) {
      auto run = control::requestImport(controlEndpoint(g), doc, std::chrono::seconds(60));
      if (!run) {
        printRuns(runs, std::cout);
        if (!g.json) printSkipped(std::cout);
        failCommand("importing the " + doc.value("benchmark", "") + " reports of " +
                    doc["labels"].value(imports::kImportFileLabel, "") + ": " + run.error());
      }
      runs.push_back(std::move(*run));
    }
    if (g.json) {
      auto skippedJson = nlohmann::json::array();
      for (const auto& s : skipped) skippedJson.push_back({{"file", s.file}, {"reason", s.reason}});
      nlohmann::json out = {{"runs", runsJson(runs)}, {"skipped", skippedJson}};
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    printRuns(runs, std::cout);
    printSkipped(std::cout);
  });
}

}  // namespace cb::cli
