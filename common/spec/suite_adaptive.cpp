// Reader of the `adaptive` repetitions setting (see suite.hpp and suite_fields.hpp).
#include <algorithm>

#include "spec/suite_fields.hpp"

namespace cb::spec::detail {
namespace {

const std::vector<std::string> kAdaptiveFields = {"max_rsd", "max_runs", "max_seconds", "metrics"};

std::optional<std::vector<std::string>> readMetrics(Diagnostics& d, const Entry& e,
                                                    const std::string& field) {
  if (!e.value.IsSequence() || e.value.size() == 0) {
    d.add(lineOf(e.value, e.line), field,
          "expected a non-empty list of metric names, got " +
              (e.value.IsSequence() ? std::string("an empty list") : describe(e.value)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < e.value.size(); ++i) {
    const YAML::Node item = e.value[i];
    const std::string itemField = field + "[" + std::to_string(i) + "]";
    const int line = lineOf(item, e.line);
    if (!item.IsScalar()) {
      d.add(line, itemField, "expected a metric name, got " + describe(item));
      ok = false;
    } else if (item.Scalar().empty()) {
      d.add(line, itemField, "empty metric name");
      ok = false;
    } else if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
      d.add(line, itemField, "metric '" + item.Scalar() + "' is listed twice");
      ok = false;
    } else {
      out.push_back(item.Scalar());
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

void readAdaptive(Diagnostics& d, const Entry& e, const std::string& field, AdaptiveSettings& out) {
  const int line = lineOf(e.value, e.line);
  if (e.value.IsScalar() && e.value.Tag() == "?" &&
      (e.value.Scalar() == "true" || e.value.Scalar() == "false")) {
    if (e.value.Scalar() == "false") {
      out = AdaptiveSettings{};
    } else {
      out.on = true;
    }
    return;
  }
  if (!e.value.IsNull() && !e.value.IsMap()) {
    d.add(line, field,
          "expected a map of adaptive settings (" + joinWords(kAdaptiveFields, ", ") +
              "), true or false, got " + describe(e.value));
    return;
  }
  auto fields = readMap(d, e.value, e.line, field, "adaptive settings", &kAdaptiveFields);
  if (!fields) return;
  AdaptiveSettings next = out;
  next.on = true;
  bool ok = true;
  if (const Entry* f = find(*fields, "max_rsd")) {
    auto rsd = readReal(d, *f, fieldPath(field, "max_rsd"));
    if (rsd && (*rsd <= 0 || *rsd > 1)) {
      d.add(lineOf(f->value, f->line), fieldPath(field, "max_rsd"),
            f->value.Scalar() + " is outside (0, 1] (a fraction: 0.03 = 3 %)");
      rsd.reset();
    }
    if (rsd) next.maxRsd = *rsd;
    ok = ok && rsd.has_value();
  }
  if (const Entry* f = find(*fields, "max_runs")) {
    auto n = readInt(d, *f, fieldPath(field, "max_runs"), 1, kMaxRepetitions);
    if (n) {
      next.maxRuns = static_cast<int>(*n);
      next.maxRunsLine = lineOf(f->value, f->line);
      next.maxRunsField = fieldPath(field, "max_runs");
    }
    ok = ok && n.has_value();
  }
  if (const Entry* f = find(*fields, "max_seconds")) {
    auto n = readInt(d, *f, fieldPath(field, "max_seconds"), 1, kMaxAdaptiveSeconds);
    if (n) next.maxSeconds = static_cast<int>(*n);
    ok = ok && n.has_value();
  }
  if (const Entry* f = find(*fields, "metrics")) {
    auto metrics = readMetrics(d, *f, fieldPath(field, "metrics"));
    if (metrics) next.metrics = std::move(*metrics);
    ok = ok && metrics.has_value();
  }
  if (ok) out = next;
}

bool resolveAdaptive(Diagnostics& d, const AdaptiveSettings& a, int repetitions,
                     const std::string& path, std::optional<AdaptiveRepetitions>& out) {
  out.reset();
  if (!a.on) return true;
  AdaptiveRepetitions policy;
  policy.maxRsd = a.maxRsd.value_or(policy.maxRsd);
  policy.maxSeconds = a.maxSeconds.value_or(policy.maxSeconds);
  policy.metrics = a.metrics.value_or(policy.metrics);
  if (!a.maxRuns) {
    policy.maxRuns = std::max(policy.maxRuns, repetitions);
  } else if (*a.maxRuns < repetitions) {
    auto field = path + ".adaptive.max_runs";
    d.add(a.maxRunsLine, field,
          (a.maxRunsField != field ? a.maxRunsField + " " : std::string()) +
              std::to_string(*a.maxRuns) + " is below the step's repetitions (" +
              std::to_string(repetitions) + ")");
    return false;
  } else {
    policy.maxRuns = *a.maxRuns;
  }
  out = policy;
  return true;
}

}  // namespace cb::spec::detail
