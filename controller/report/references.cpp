#include "report/references.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace cb::report {

std::vector<Reference> parseReferences(const std::string& json) {
  std::vector<Reference> out;
  if (json.empty() || json == "[]") return out;
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& item : doc) {
    if (!item.is_object()) continue;
    const auto metric = item.find("metric");
    const auto value = item.find("value");
    if (metric == item.end() || !metric->is_string() || value == item.end() ||
        !value->is_number()) {
      continue;
    }
    Reference ref;
    ref.metric = metric->get<std::string>();
    ref.value = value->get<double>();
    if (auto env = item.find("environment"); env != item.end() && env->is_string()) {
      ref.environment = env->get<std::string>();
    }
    if (auto lower = item.find("lower"); lower != item.end() && lower->is_number()) {
      ref.lower = lower->get<double>();
    }
    if (auto upper = item.find("upper"); upper != item.end() && upper->is_number()) {
      ref.upper = upper->get<double>();
    }
    if (auto unit = item.find("unit"); unit != item.end() && unit->is_string()) {
      ref.unit = unit->get<std::string>();
    }
    if (ref.metric.empty()) continue;
    out.push_back(std::move(ref));
  }
  return out;
}

bool referenceApplies(const Reference& ref, const std::string& metric,
                      const std::string& environment) {
  return ref.metric == metric && (ref.environment == "*" || ref.environment == environment);
}

ReferenceCheck checkReference(const Reference& ref, double mean, const std::string& unit) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ReferenceCheck check;
  check.ref = ref;
  check.mean = mean;
  const double scale = std::fabs(ref.value);
  check.low = ref.lower ? ref.value + *ref.lower * scale : -kInf;
  check.high = ref.upper ? ref.value + *ref.upper * scale : kInf;
  check.unitMatches = ref.unit.empty() || ref.unit == unit;
  check.pass = check.unitMatches && !std::isnan(mean) && mean >= check.low && mean <= check.high;
  return check;
}

}  // namespace cb::report
