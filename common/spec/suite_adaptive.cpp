// Reader of the `adaptive` repetitions setting (see suite.hpp and suite_fields.hpp).
#include <algorithm>

#include "spec/suite_fields.hpp"

namespace cb::spec::detail {
namespace {

const std::vector<std::string> kAdaptiveFields = {"max_rsd", "max_runs", "max_seconds"};

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
  if (ok) out = next;
}

bool resolveAdaptive(Diagnostics& d, const AdaptiveSettings& a, int repetitions,
                     const std::string& path, std::optional<AdaptiveRepetitions>& out) {
  out.reset();
  if (!a.on) return true;
  AdaptiveRepetitions policy;
  policy.maxRsd = a.maxRsd.value_or(policy.maxRsd);
  policy.maxSeconds = a.maxSeconds.value_or(policy.maxSeconds);
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
