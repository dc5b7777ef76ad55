#pragma once
// Text pieces shared by the Markdown and HTML renderers. Pure.
#include <string>
#include <vector>

#include "report/comparison.hpp"
#include "report/number_format.hpp"
#include "report/verdict.hpp"

namespace cb::report {

/// "k=v, k=v" in key order; "" for no labels.
std::string labelsText(const Labels& labels);

/// The display unit of a row: from the largest mean of its cells.
DisplayUnit rowDisplayUnit(const Row& row);

/// "58.94 ± 0.51 (n=3)", with ", 1 outlier" when stats::outliers() flagged values and " ⚠" after
/// n below kFewValues ("7.5 (n=1 ⚠)"); a standard deviation below 1e-9 of the mean (rounding
/// noise of identical values) is shown as 0.
std::string cellText(const Cell& cell, const DisplayUnit& unit);

/// "✓" when every check passed, "✗" when one failed, "" without checks.
std::string checkMark(const std::vector<ReferenceCheck>& checks);

/// "pass: 58.94 within [52.2, 63.8] (reference 58 -10 %/+10 % Gflop/s)" and the like.
std::string checkText(const ReferenceCheck& check);

/// The systemd-detect-virt id with what it means for performance, e.g. "qemu (QEMU without
/// KVM: TCG emulation, no hardware acceleration)"; unknown ids as they are.
std::string virtTechText(const std::string& virtTech);

/// "container 45.9 Gbit/s vs vm 1.39 Gbit/s: container 33× better (higher is better; p = 0.0012,
/// Welch's t)"; the p-value is the verdict's test, when it has one.
std::string differenceText(const Row& row, const Verdict& verdict);

/// The Better column: the best group when significant, "~" when not, "n too small" when a group
/// has too few values to test, "" when there is nothing to compare.
std::string betterText(const Verdict& verdict);

/// The p column: "0.021 (t)" for Welch's t-test, "0.1 (U)" for Mann–Whitney U; "–" untested.
std::string testText(const Verdict& verdict);

}  // namespace cb::report
