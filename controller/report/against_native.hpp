#pragma once
// The "Against native" table: every compared metric of every environment as a ratio to native
// (the host's own kernel and processes), in the layout of Felter et al., "An Updated Performance
// Comparison of Virtual Machines and Linux Containers" (IBM, 2014): VM and container overhead
// against native, 1 meaning "as fast as native". Pure.
#include <optional>
#include <string>

#include "report/comparison.hpp"
#include "report/section_table.hpp"
#include "stats/difference_test.hpp"

namespace cb::report {

/// The native group of a comparison: "bare" when grouped by environment, "netns" (or
/// "loopback") when grouped by lab_provider; "" when it has no such group or no other group to
/// set against it.
std::string nativeGroup(const Comparison& comparison);

/// One group set against native in one row.
struct NativeRatio {
  /// Performance relative to native, oriented so that below 1 is always worse than native:
  /// mean / native mean where higher is better, native mean / mean where lower is better.
  /// nullopt when either group has no values, the divisor is 0 or the metric has no direction.
  std::optional<double> relative;
  std::size_t n = 0;  // values of the group
  /// stats::testDifference(group, native): nullopt with fewer than 2 values on either side.
  std::optional<stats::DifferenceTest> test;
};

NativeRatio againstNative(const Row& row, const std::string& group, const std::string& native);

/// "0.021 (t), worse" / "0.57 (t), ~" (not significant at 95 %) / "n too small" / "–" (no
/// ratio): the significance of `ratio` as the report's other tables write it.
std::string nativeTestText(const NativeRatio& ratio);

/// Columns: Benchmark, Metric, Labels (only when a row has labels), Unit, "Better" (higher or
/// lower), the native group's "mean ± stddev (n=N)", then per other group in display order
/// "<group> / <native>" ("0.952 (n=3)") and "p (<group>)" (nativeTestText()). One row per
/// comparison row, in section order, whose native cell and at least one other cell have values.
/// No header and no rows when nativeGroup() is "".
SectionTable againstNativeTable(const Comparison& comparison);

/// The paragraph that explains the table (how the ratio is oriented, what p tests).
std::string againstNativeText(const std::string& native);

}  // namespace cb::report
