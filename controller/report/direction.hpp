#pragma once
// Which way is better for a metric (DESIGN §6: reports say which environment wins). Pure.
#include <string>
#include <string_view>

namespace cb::report {

enum class Better {
  kHigher,  // throughput, rates, bandwidth, Gflop/s, events/s, ...
  kLower,   // latency, time, retransmits, ...
  kNone,    // bookkeeping (counts, totals, success flags, CPU usage): not compared
};

/// The direction of `metric` with `unit`, from one ordered rule table (direction.cpp): the first
/// rule whose metric name pattern or unit matches decides; nothing matching is kNone.
Better betterDirection(std::string_view metric, std::string_view unit);

/// "higher", "lower" or "none".
std::string betterName(Better better);

}  // namespace cb::report
