#pragma once
// When to stop repeating a suite step (DESIGN §6): at least the minimum; past it, with adaptive
// repetitions, another run while a series of values is unstable, within a cap on the count and
// one on the wall time. Pure functions: the caller passes time and values in.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/sample.hpp"
#include "spec/suite.hpp"

namespace cb::controller {

/// One value per finished repetition for each series, by series key (seriesKey()). A series a
/// repetition did not produce is simply shorter.
using SeriesValues = std::map<std::string, std::vector<double>>;

/// "node02 events_per_second", or with the sample's labels "node02 bits_per_second{direction=
/// upload,streams=2}" (labels in key order): one series per (node, metric, sample labels).
std::string seriesKey(const std::string& hostname, const bench::Sample& sample);

/// Appends one repetition's values to `series`: the mean of each key's values in `repetition`
/// (a key measured twice in one repetition counts once).
void appendRepetition(SeriesValues& series, const SeriesValues& repetition);

struct RepetitionDecision {
  bool again = false;
  std::string reason;  // why another repetition runs, or why the step stops
};

/// After `done` (>= 1) finished repetitions of a step with `minimum` repetitions, `elapsedSeconds`
/// since its first one started and the values so far:
///  - done < minimum: again.
///  - not adaptive: stop.
///  - adaptive: the step is unstable when only one repetition ran, when a series of two or more
///    values has a relative stddev above maxRsd, or when stats::outliers() (3 sigma, leave one
///    out) flags a value that also differs from the mean of the others by more than maxRsd
///    (relative; so quantized values with no spread elsewhere do not count). Unstable: again,
///    unless done >= maxRuns or another repetition, as long as the average so far, would end
///    after maxSeconds. Stable, or no values at all: stop.
/// Every reason names the series and figures it was decided on.
RepetitionDecision decideRepetition(int done, int minimum,
                                    const std::optional<spec::AdaptiveRepetitions>& adaptive,
                                    double elapsedSeconds, const SeriesValues& series);

}  // namespace cb::controller
