// parseSuite(): YAML text -> validated Suite, or every problem found (see suite.hpp).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>

#include "spec/suite.hpp"
#include "spec/suite_fields.hpp"

namespace cb::spec {
namespace {

using detail::Diagnostics;
using detail::Entries;
using detail::Entry;
using detail::find;
using detail::readName;
using detail::readParams;
using detail::readSettings;
using detail::runTime;
using detail::Settings;

const std::vector<std::string> kSuiteFields = {"name", "description", "defaults", "steps"};
const std::vector<std::string> kDefaultsFields = {"repetitions", "timeout", "nodes", "mode",
                                                  "adaptive"};
const std::vector<std::string> kStepFields = {"name",        "benchmark", "params",
                                              "repetitions", "timeout",   "nodes",
                                              "mode",        "adaptive",  "references"};

struct Context {
  Diagnostics& d;
  const bench::Catalog& catalog;
  const PhaseSpecs& phases;
  const Settings& defaults;
  std::map<std::string, int> stepLines;  // step name -> line, for duplicates
};

std::optional<SuiteStep> readStep(Context& c, const YAML::Node& node, std::size_t index,
                                  int fallbackLine) {
  const std::string path = "steps[" + std::to_string(index) + "]";
  SuiteStep step;
  step.line = detail::lineOf(node, fallbackLine);
  if (node.IsNull()) {
    c.d.add(step.line, path, "empty step (expected name and benchmark)");
    return std::nullopt;
  }
  auto fields = detail::readMap(c.d, node, step.line, path, "step fields", &kStepFields);
  if (!fields) return std::nullopt;
  bool ok = true;

  if (const Entry* e = find(*fields, "name")) {
    auto name = readName(c.d, *e, path + ".name");
    if (!name) {
      ok = false;
    } else if (auto [it, fresh] = c.stepLines.emplace(*name, step.line); !fresh) {
      c.d.add(
          e->line, path + ".name",
          "duplicate step name '" + *name + "' (first at line " + std::to_string(it->second) + ")");
      ok = false;
    } else {
      step.name = *name;
    }
  } else {
    c.d.add(step.line, path + ".name", "missing required field");
    ok = false;
  }

  Settings settings = c.defaults;
  readSettings(c.d, *fields, path, settings);

  const std::vector<bench::ParamSpec>* phaseSpecs = nullptr;
  const bench::Benchmark* benchmark = nullptr;
  if (const Entry* e = find(*fields, "benchmark")) {
    auto name = detail::readScalar(c.d, *e, path + ".benchmark", "a benchmark name");
    if (name) {
      if (auto it = c.phases.find(*name); it != c.phases.end()) {
        phaseSpecs = &it->second;
      } else {
        benchmark = c.catalog.find(*name);
      }
      if (phaseSpecs == nullptr && benchmark == nullptr) {
        std::vector<std::string> known = c.catalog.names();
        for (const auto& [phase, _] : c.phases) known.push_back(phase);
        std::sort(known.begin(), known.end());
        known.erase(std::unique(known.begin(), known.end()), known.end());
        c.d.add(detail::lineOf(e->value, e->line), path + ".benchmark",
                "unknown benchmark '" + *name + "'" + detail::didYouMean(*name, known) +
                    " (known: " + detail::joinWords(known, ", ") + ")");
      } else {
        step.benchmark = *name;
        step.orchestrated = phaseSpecs != nullptr;
      }
    }
  } else {
    c.d.add(step.line, path + ".benchmark", "missing required field");
  }
  if (const Entry* e = find(*fields, "references")) {
    auto references = detail::readReferences(c.d, *e, path + ".references");
    if (references) {
      step.references = std::move(*references);
    } else {
      ok = false;
    }
  }
  if (phaseSpecs == nullptr && benchmark == nullptr) return std::nullopt;

  auto params = readParams(c.d, find(*fields, "params"), step.line, path + ".params",
                           phaseSpecs != nullptr ? *phaseSpecs : benchmark->params());
  if (!params) return std::nullopt;
  step.params = std::move(*params);

  step.repetitions = settings.repetitions.value_or(step.repetitions);
  if (!detail::resolveAdaptive(c.d, settings.adaptive, step.repetitions, path, step.adaptive)) {
    ok = false;
  }
  step.selector = settings.selector.value_or(NodeSelector::kAll);
  step.nodes = settings.nodes;
  step.serial = settings.serial.value_or(false);
  if (settings.timeout) {
    step.timeoutSeconds = *settings.timeout;
  } else if (step.orchestrated) {
    step.timeoutSeconds = phaseDefaultTimeoutSeconds(step.benchmark);
  } else {
    auto ms = benchmark->defaultTimeout().count();
    step.timeoutSeconds = static_cast<int>(
        std::clamp<std::int64_t>((ms + 999) / 1000, 1, detail::kMaxTimeoutSeconds));
  }
  std::string which;
  if (auto run = runTime(step.params, which); run && step.timeoutSeconds <= *run) {
    std::string source = !settings.timeout                            ? "the default timeout "
                         : settings.timeoutField != path + ".timeout" ? settings.timeoutField + " "
                                                                      : "";
    c.d.add(settings.timeout ? settings.timeoutLine : step.line, path + ".timeout",
            source + std::to_string(step.timeoutSeconds) + " s does not exceed the run time of " +
                std::to_string(*run) + " s (params." + which + ")");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return step;
}

Result<Suite> parseRoot(const YAML::Node& root, const std::string& fileName,
                        const bench::Catalog& catalog, const PhaseSpecs& phases) {
  Diagnostics d(fileName);
  if (root.IsNull()) {
    d.add(1, "suite", "the file is empty (expected a map with name and steps)");
    return fail(d.joined());
  }
  const int rootLine = detail::lineOf(root, 1);
  if (!root.IsMap()) {
    d.add(rootLine, "suite", "expected a map with name and steps, got " + detail::describe(root));
    return fail(d.joined());
  }
  auto fields = detail::readMap(d, root, rootLine, "", "suite fields", &kSuiteFields);
  Suite suite;
  suite.file = fileName;
  if (const Entry* e = find(*fields, "name")) {
    if (auto name = readName(d, *e, "name")) suite.name = *name;
  } else {
    d.add(rootLine, "name", "missing required field");
  }
  if (const Entry* e = find(*fields, "description"); e != nullptr && !e->value.IsNull()) {
    if (auto text = detail::readScalar(d, *e, "description", "text")) suite.description = *text;
  }
  Settings defaults;
  if (const Entry* e = find(*fields, "defaults")) {
    auto entries = detail::readMap(d, e->value, e->line, "defaults",
                                   "step defaults (repetitions, timeout, nodes, mode, adaptive)",
                                   &kDefaultsFields);
    if (entries) readSettings(d, *entries, "defaults", defaults);
  }
  const Entry* steps = find(*fields, "steps");
  if (steps == nullptr) {
    d.add(rootLine, "steps", "missing required field");
  } else if (!steps->value.IsSequence() && !steps->value.IsNull()) {
    d.add(detail::lineOf(steps->value, steps->line), "steps",
          "expected a list of steps, got " + detail::describe(steps->value));
  } else if (steps->value.size() == 0) {
    d.add(steps->line, "steps", "no steps (a suite needs at least one)");
  } else {
    Context c{d, catalog, phases, defaults, {}};
    int previousLine = steps->line;
    for (std::size_t i = 0; i < steps->value.size(); ++i) {
      const YAML::Node item = steps->value[i];
      auto step = readStep(c, item, i, previousLine);
      previousLine = detail::lineOf(item, previousLine);
      if (step) suite.steps.push_back(std::move(*step));
    }
  }
  if (!d.empty()) return fail(d.joined());
  return suite;
}

}  // namespace

Result<Suite> parseSuite(const std::string& yamlText, const std::string& fileName,
                         const bench::Catalog& catalog, const PhaseSpecs& phases) {
  try {
    return parseRoot(YAML::Load(yamlText), fileName, catalog, phases);
  } catch (const YAML::Exception& e) {
    // Syntax errors (ParserException) and anything else yaml-cpp rejects, at its 0-based mark.
    int line = e.mark.line >= 0 ? e.mark.line + 1 : 1;
    return fail(fileName + ":" + std::to_string(line) + ": YAML syntax error: " + e.msg);
  }
}

}  // namespace cb::spec
