#include "report/overview_text.hpp"

#include "report/number_format.hpp"
#include "report/row_text.hpp"
#include "report/section_table.hpp"

namespace cb::report {
namespace {

constexpr std::size_t kDifferences = 8;

std::string joined(const std::vector<std::string>& items, const std::string& last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::string reportTitle(const Comparison& c) {
  if (c.groups.empty()) return "no results";
  return joined(c.groups, " vs ");
}

std::vector<std::string> introParagraphs(const Comparison& c) {
  std::vector<std::string> out;
  if (c.samples == 0) {
    out.push_back("No samples matched: nothing to compare.");
  } else {
    out.push_back("Compares " + joined(c.groups, " and ") + " (grouped by " + c.groupBy +
                  "): " + std::to_string(c.runIds.size()) + " run" +
                  (c.runIds.size() == 1 ? "" : "s") + " (" + idRanges(c.runIds) + "), " +
                  formatValue(static_cast<double>(c.samples)) + " samples compared.");
    std::string how =
        "Each figure is the mean ± sample standard deviation of every sample of that metric "
        "(n = repetitions × nodes); from 5 values up, outliers are values more than 3 "
        "standard deviations from the mean of the others.";
    if (c.groups.size() > 1) {
      how += " Ratios divide by " + c.groups.front() +
             ". Better names the group with the better mean for that metric, or ≈ when the 95 % "
             "confidence intervals of the means overlap.";
    } else {
      how += " Only one group was measured: there is nothing to compare it with.";
    }
    out.push_back(how);
  }
  if (c.notSucceeded > 0) {
    out.push_back(std::to_string(c.notSucceeded) +
                  " samples of results that did not succeed are left out.");
  }
  return out;
}

std::string virtualizationText(const Comparison& c) {
  std::string out;
  for (const auto& g : c.groups) {
    auto it = c.virtTech.find(g);
    if (it == c.virtTech.end() || it->second.empty()) continue;
    std::vector<std::string> techs;
    for (const auto& t : it->second) techs.push_back(virtTechText(t));
    if (!out.empty()) out += "; ";
    out += g + ": " + joined(techs, ", ");
  }
  return out;
}

std::vector<std::string> differenceLines(const Comparison& c) {
  std::vector<std::string> out;
  for (const Difference& d : largestDifferences(c, kDifferences)) {
    std::string what = d.section->title + ": " + d.row->benchmark + " " + d.row->metric;
    if (!d.row->labels.empty()) what += " (" + labelsText(d.row->labels) + ")";
    out.push_back(what + ": " + differenceText(*d.row, d.verdict));
  }
  return out;
}

std::string notComparedText(const Comparison& c) {
  if (c.notCompared.empty()) return "";
  std::vector<std::string> names(c.notCompared.begin(), c.notCompared.end());
  return "Not compared (counts, totals and bookkeeping figures, still in the CSV/JSON export): " +
         joined(names, ", ") + ".";
}

}  // namespace cb::report
