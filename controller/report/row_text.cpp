#include "report/row_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace cb::report {

std::string labelsText(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ", ";
    out += k + "=" + v;
  }
  return out;
}

DisplayUnit rowDisplayUnit(const Row& row) {
  double magnitude = 0;
  for (const auto& [group, cell] : row.cells) {
    if (cell.summary.n > 0) magnitude = std::max(magnitude, std::fabs(cell.summary.mean));
  }
  return displayUnit(row.unit, magnitude);
}

std::string cellText(const Cell& cell, const DisplayUnit& unit) {
  if (cell.summary.n == 0) return "n/a";
  std::string out = formatValue(cell.summary.mean / unit.divisor);
  // Identical values leave rounding noise (1e-13) in the standard deviation: that is 0.
  const double stddev =
      cell.summary.stddev <= 1e-9 * std::fabs(cell.summary.mean) ? 0 : cell.summary.stddev;
  if (cell.summary.n > 1) out += " ± " + formatValue(stddev / unit.divisor);
  out += " (n=" + std::to_string(cell.summary.n);
  if (cell.summary.n < kFewValues) out += " ⚠";
  if (cell.outliers == 1) out += ", 1 outlier";
  if (cell.outliers > 1) out += ", " + std::to_string(cell.outliers) + " outliers";
  return out + ")";
}

std::string checkMark(const std::vector<ReferenceCheck>& checks) {
  if (checks.empty()) return "";
  const bool pass =
      std::all_of(checks.begin(), checks.end(), [](const ReferenceCheck& c) { return c.pass; });
  return pass ? "✓" : "✗";
}

std::string checkText(const ReferenceCheck& check) {
  auto percent = [](const std::optional<double>& f, const char* sign) {
    if (!f) return std::string(sign) + "∞";
    const double p = *f * 100;
    return std::string(p < 0 ? "-" : "+") + formatValue(std::fabs(p)) + " %";
  };
  std::string out = check.pass ? "pass: " : "FAIL: ";
  out += formatValue(check.mean);
  if (!check.unitMatches) {
    out += " (unit differs from the reference's " + check.ref.unit + ")";
  } else {
    out += check.pass ? " within [" : " outside [";
    out += formatValue(check.low) + ", " + formatValue(check.high) + "]";
  }
  out += " (reference " + formatValue(check.ref.value) + " " + percent(check.ref.lower, "-") + "/" +
         percent(check.ref.upper, "+");
  if (!check.ref.unit.empty()) out += " " + check.ref.unit;
  if (check.ref.environment != "*") out += ", environment " + check.ref.environment;
  return out + ")";
}

std::string virtTechText(const std::string& virtTech) {
  struct Known {
    std::string_view id;
    std::string_view meaning;
  };
  static constexpr std::array kKnown = {
      Known{"kvm", "KVM: hardware-accelerated virtualization"},
      Known{"qemu", "QEMU without KVM: TCG emulation, no hardware acceleration"},
      Known{"oracle", "VirtualBox"},
      Known{"vmware", "VMware"},
      Known{"microsoft", "Hyper-V"},
      Known{"xen", "Xen"},
      Known{"amazon", "AWS Nitro (KVM based)"},
      Known{"docker", "Docker container"},
      Known{"podman", "Podman container"},
      Known{"systemd-nspawn", "systemd-nspawn container"},
      Known{"lxc", "LXC container"},
      Known{"none", "bare metal"},
      Known{"mixed", "nodes with different technologies"},
  };
  for (const Known& k : kKnown) {
    if (k.id == virtTech) return virtTech + " (" + std::string(k.meaning) + ")";
  }
  return virtTech;
}

std::string differenceText(const Row& row, const Verdict& verdict) {
  const DisplayUnit unit = rowDisplayUnit(row);
  auto value = [&](const std::string& group) {
    const Cell& c = row.cells.at(group);
    return group + " " + formatValue(c.summary.mean / unit.divisor) +
           (unit.unit.empty() ? "" : " " + unit.unit);
  };
  std::string out = value(verdict.best) + " vs " + value(verdict.worst) + ": " + verdict.best +
                    " " + formatRatio(verdict.factor) + "× better (" + betterName(row.better) +
                    " is better)";
  if (verdict.test) {
    const std::string p = formatP(verdict.test->p);
    out.insert(out.size() - 1, (p.starts_with("<") ? "; p " : "; p = ") + p + ", " +
                                   stats::methodName(verdict.test->method));
  }
  if (!verdict.significant()) out += ", not significant at 95 %";
  return out;
}

std::string betterText(const Verdict& verdict) {
  switch (verdict.decision) {
    case Decision::kNone:
      return "";
    case Decision::kTooFew:
      return "n too small";
    case Decision::kNotSignificant:
      return "~";
    case Decision::kSignificant:
      return verdict.best;
  }
  return "";
}

std::string testText(const Verdict& verdict) {
  if (!verdict.test) return "–";
  const char* method = verdict.test->method == stats::TestMethod::kWelch ? "t" : "U";
  return formatP(verdict.test->p) + " (" + method + ")";
}

}  // namespace cb::report
