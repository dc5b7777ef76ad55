// Reader of a step's performance `references` (see suite.hpp) and their stored JSON form.
#include <nlohmann/json.hpp>

#include <map>
#include <utility>

#include "labels/environment.hpp"
#include "spec/suite_fields.hpp"

namespace cb::spec {
namespace detail {
namespace {

const std::vector<std::string> kReferenceFields = {"metric", "environment", "value",
                                                   "lower",  "upper",       "unit"};
/// What a reference's environment may name: an environment, the label of a mixed run, or "*".
std::vector<std::string> referenceEnvironments() {
  std::vector<std::string> out;
  for (auto e : labels::kEnvironments) out.emplace_back(labels::toString(e));
  out.emplace_back(labels::kMixed);
  out.emplace_back("*");
  return out;
}

/// One reference at `path` (e.g. "steps[0].references[1]"); std::nullopt when it has a problem.
std::optional<PerformanceReference> readReference(Diagnostics& d, const YAML::Node& node, int line,
                                                  const std::string& path) {
  auto fields =
      readMap(d, node, line, path, "reference fields (" + joinWords(kReferenceFields, ", ") + ")",
              &kReferenceFields);
  if (!fields) return std::nullopt;
  PerformanceReference ref;
  ref.line = line;
  bool ok = true;
  if (const Entry* e = find(*fields, "metric")) {
    auto metric = readScalar(d, *e, path + ".metric", "a metric name");
    if (metric && metric->empty()) {
      d.add(lineOf(e->value, e->line), path + ".metric", "empty metric name");
      metric.reset();
    }
    if (metric) ref.metric = *metric;
    ok = ok && metric.has_value();
  } else {
    d.add(line, path + ".metric", "missing required field");
    ok = false;
  }
  if (const Entry* e = find(*fields, "environment")) {
    auto env = readChoice(d, *e, path + ".environment", referenceEnvironments());
    if (env) ref.environment = *env;
    ok = ok && env.has_value();
  }
  if (const Entry* e = find(*fields, "value")) {
    auto value = readReal(d, *e, path + ".value");
    if (value) ref.value = *value;
    ok = ok && value.has_value();
  } else {
    d.add(line, path + ".value", "missing required field");
    ok = false;
  }
  if (const Entry* e = find(*fields, "lower"); e != nullptr && !e->value.IsNull()) {
    auto lower = readReal(d, *e, path + ".lower");
    if (lower && *lower > 0) {
      d.add(lineOf(e->value, e->line), path + ".lower",
            e->value.Scalar() + " is above 0 (a fraction below the value: -0.1 = 10 % below)");
      lower.reset();
    }
    ref.lower = lower;
    ok = ok && lower.has_value();
  }
  if (const Entry* e = find(*fields, "upper"); e != nullptr && !e->value.IsNull()) {
    auto upper = readReal(d, *e, path + ".upper");
    if (upper && *upper < 0) {
      d.add(lineOf(e->value, e->line), path + ".upper",
            e->value.Scalar() + " is below 0 (a fraction above the value: 0.1 = 10 % above)");
      upper.reset();
    }
    ref.upper = upper;
    ok = ok && upper.has_value();
  }
  if (const Entry* e = find(*fields, "unit")) {
    auto unit = readScalar(d, *e, path + ".unit", "a unit");
    if (unit) ref.unit = *unit;
    ok = ok && unit.has_value();
  }
  if (!ok) return std::nullopt;
  return ref;
}

}  // namespace

std::optional<std::vector<PerformanceReference>> readReferences(Diagnostics& d, const Entry& e,
                                                                const std::string& path) {
  if (e.value.IsNull()) return std::vector<PerformanceReference>{};
  if (!e.value.IsSequence()) {
    d.add(lineOf(e.value, e.line), path, "expected a list of references, got " + describe(e.value));
    return std::nullopt;
  }
  std::vector<PerformanceReference> out;
  std::map<std::pair<std::string, std::string>, int> seen;  // (metric, environment) -> line
  bool ok = true;
  int previousLine = e.line;
  for (std::size_t i = 0; i < e.value.size(); ++i) {
    const YAML::Node item = e.value[i];
    const int line = lineOf(item, previousLine);
    previousLine = line;
    const std::string itemPath = path + "[" + std::to_string(i) + "]";
    if (item.IsNull()) {
      d.add(line, itemPath, "empty reference (expected metric and value)");
      ok = false;
      continue;
    }
    auto ref = readReference(d, item, line, itemPath);
    if (!ref) {
      ok = false;
      continue;
    }
    auto [it, fresh] = seen.emplace(std::make_pair(ref->metric, ref->environment), line);
    if (!fresh) {
      d.add(line, itemPath,
            "duplicate reference for " + ref->metric + " in environment " + ref->environment +
                " (first at line " + std::to_string(it->second) + ")");
      ok = false;
      continue;
    }
    out.push_back(std::move(*ref));
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace detail

std::string referencesJson(const std::vector<PerformanceReference>& references) {
  auto out = nlohmann::json::array();
  for (const auto& r : references) {
    nlohmann::json lower = nullptr, upper = nullptr;
    if (r.lower) lower = *r.lower;
    if (r.upper) upper = *r.upper;
    out.push_back({{"metric", r.metric},
                   {"environment", r.environment},
                   {"value", r.value},
                   {"lower", lower},
                   {"upper", upper},
                   {"unit", r.unit}});
  }
  // Suite files need not be valid UTF-8; JSON text must be (invalid bytes become U+FFFD).
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cb::spec
