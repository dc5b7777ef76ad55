// `clusterbench parse`: saved raw outputs to samples, locally (no controller needed).
#include <cstdio>
#include <iostream>

#include "bench/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "import/saved_outputs.hpp"

namespace cb::cli {
namespace {

std::string formatValue(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

void printTable(const imports::SavedOutput& o, std::ostream& os) {
  os << o.file;
  if (o.reports > 1) {
    os << " report " << o.report << " of " << o.reports << " (line " << o.line << ")";
  }
  os << "  (" << o.tool << ", " << o.samples.size() << " samples)\n";
  Table t({"METRIC", "VALUE", "UNIT", "LABELS"});
  for (const auto& s : o.samples) {
    t.add({s.metric, formatValue(s.value), s.unit, imports::formatLabels(s.labels)});
  }
  t.print(os);
}

}  // namespace

void addParseCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "parse",
      "Parse saved raw outputs (e.g. /shared/results/*.txt) into samples; no controller needed.\n"
      "Each file's tool is detected from its content unless --tool names it; a file may hold\n"
      "several reports (every process of an mpirun), each listed with its ordinal. Nothing is\n"
      "printed unless every file parses; each error names its file (and line).");
  static std::vector<std::string> files;
  static std::string tool;
  cmd->add_option("files", files, "saved outputs of one benchmark run each")->required();
  cmd->add_option("--tool,-t", tool, "catalog name of the tool that wrote every file");
  cmd->add_flag("--json", g.json,
                "print one JSON array of samples {metric, value, unit, labels, file, tool, "
                "report}");
  cmd->callback([&g] {
    auto catalog = bench::makeDefaultCatalog();
    if (!tool.empty() && catalog.find(tool) == nullptr) {
      // Same message as detection would give, before any file is read.
      auto b = imports::chooseBenchmark(catalog, "", "", tool);
      failCommand(b.error(), 2);
    }
    std::vector<imports::SavedOutput> parsed;
    std::vector<std::string> errors;
    for (const auto& file : files) {
      auto text = imports::readSavedOutputFile(file);
      if (!text) {
        errors.push_back(text.error());
        continue;
      }
      auto out = imports::parseSavedReports(catalog, file, *text, tool);
      if (!out) {
        errors.push_back(out.error());
        continue;
      }
      for (auto& o : *out) parsed.push_back(std::move(o));
    }
    if (!errors.empty()) {
      for (std::size_t i = 0; i + 1 < errors.size(); ++i)
        std::cerr << "error: " << errors[i] << "\n";
      failCommand(errors.back());
    }
    if (g.json) {
      auto all = nlohmann::json::array();
      for (const auto& o : parsed) {
        for (auto& s : imports::samplesToJson(o)) all.push_back(std::move(s));
      }
      std::cout << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      if (i > 0) std::cout << "\n";
      printTable(parsed[i], std::cout);
    }
  });
}

}  // namespace cb::cli
