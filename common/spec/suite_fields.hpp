#pragma once
// Internal to the suite parser: readers of the suite-specific fields (names, the settings a step
// inherits from the defaults, parameters). Each reports its problems to the Diagnostics and
// returns std::nullopt (or leaves `out` unchanged) for what it could not read.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/benchmark.hpp"
#include "spec/suite.hpp"
#include "spec/suite_yaml.hpp"

namespace cb::spec::detail {

inline constexpr std::int64_t kMaxRepetitions = 100;
inline constexpr std::int64_t kMaxTimeoutSeconds = 86400;
inline constexpr std::size_t kMaxNameLength = 64;

inline constexpr std::int64_t kMaxAdaptiveSeconds = 604800;  // a week

/// The `adaptive` setting as read so far; fields a step does not set come from the defaults.
struct AdaptiveSettings {
  bool on = false;
  std::optional<double> maxRsd;
  std::optional<int> maxRuns;
  int maxRunsLine = 0;
  std::string maxRunsField;  // where max_runs was set, e.g. "defaults.adaptive.max_runs"
  std::optional<int> maxSeconds;
  std::optional<std::vector<std::string>> metrics;
};

/// What a step may inherit from the suite's defaults; unset fields stay empty.
struct Settings {
  std::optional<int> repetitions;
  std::optional<int> timeout;
  int timeoutLine = 0;
  std::string timeoutField;  // where the timeout was set, e.g. "defaults.timeout"
  std::optional<NodeSelector> selector;
  std::vector<std::string> nodes;
  std::optional<bool> serial;
  AdaptiveSettings adaptive;
};

/// The entry for `key`, or nullptr.
const Entry* find(const Entries& entries, const std::string& key);

/// A suite or step name: [a-z0-9-]{1,kMaxNameLength}.
std::optional<std::string> readName(Diagnostics& d, const Entry& e, const std::string& field);

/// Reads repetitions, timeout, nodes, mode and adaptive present in `fields` into `out`, over
/// what it has.
void readSettings(Diagnostics& d, const Entries& fields, const std::string& path, Settings& out);

/// The `params` entry `e` (nullptr: none given) checked against `specs`, defaults filled. Each
/// given parameter is checked on its own so its message names its line; validateParams()
/// messages lose their "parameter 'x': " prefix, which the field path already says.
std::optional<bench::Params> readParams(Diagnostics& d, const Entry* e, int stepLine,
                                        const std::string& path,
                                        const std::vector<bench::ParamSpec>& specs);

/// Reads an `adaptive` entry over `out`: a map turns it on and overrides the fields it sets,
/// true turns it on, false turns it off and forgets inherited fields. A map with a bad field
/// leaves `out` unchanged (the problem is reported).
void readAdaptive(Diagnostics& d, const Entry& e, const std::string& field, AdaptiveSettings& out);

/// Sets `out` to the adaptive policy of a step with `repetitions` (nullopt when off). False, with
/// the problem reported on `path`.adaptive.max_runs, when max_runs is below the repetitions.
bool resolveAdaptive(Diagnostics& d, const AdaptiveSettings& a, int repetitions,
                     const std::string& path, std::optional<AdaptiveRepetitions>& out);

/// The `references` entry `e` of a step: a list of references, each validated, no two for the
/// same (metric, environment). std::nullopt when anything is wrong (each problem reported).
std::optional<std::vector<PerformanceReference>> readReferences(Diagnostics& d, const Entry& e,
                                                                const std::string& path);

/// The step's own run time in seconds (a `time` or `runtime` parameter) and which one it was.
std::optional<std::int64_t> runTime(const bench::Params& params, std::string& which);

}  // namespace cb::spec::detail
