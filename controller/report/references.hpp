#pragma once
// Performance references stored with runs (RunRecord::referencesJson, ReFrame style) and their
// check against a measured mean. Pure.
#include <optional>
#include <string>
#include <vector>

namespace cb::report {

struct Reference {
  std::string metric;
  std::string environment = "*";  // "*" = any environment
  double value = 0;
  std::optional<double> lower;  // fraction of |value| below it (<= 0); nullopt = unbounded
  std::optional<double> upper;  // fraction of |value| above it (>= 0); nullopt = unbounded
  std::string unit;             // "" = any unit

  bool operator==(const Reference&) const = default;
};

/// The references in a stored JSON array; entries without a metric or a numeric value are
/// skipped, as is anything that is not an array.
std::vector<Reference> parseReferences(const std::string& json);

/// True when `ref` is about `metric` measured in `environment`.
bool referenceApplies(const Reference& ref, const std::string& metric,
                      const std::string& environment);

struct ReferenceCheck {
  Reference ref;
  double mean = 0;
  double low = 0;   // -infinity when unbounded
  double high = 0;  // +infinity when unbounded
  bool unitMatches = true;
  bool pass = false;  // unit matches and low <= mean <= high
};

/// Checks `mean` (measured in `unit`) against `ref`: the accepted range is
/// [value + lower·|value|, value + upper·|value|].
ReferenceCheck checkReference(const Reference& ref, double mean, const std::string& unit);

}  // namespace cb::report
