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
             ". Every pair of groups is tested at 95 %: Welch's t-test (t), or the Mann–Whitney "
             "U test (U) where a group is clearly not normal (with 5 to 19 values an outlier, "
             "from 20 values a Jarque–Bera p below 0.05) or no group varies. Better names the "
             "group with the better mean only when it is significantly better than each other "
             "group; p is "
             "the two-sided p-value of that test (against the closest group); ~ means the "
             "difference is not significant, n too small that a group has fewer than 2 values.";
    } else {
      how += " Only one group was measured: there is nothing to compare it with.";
    }
    out.push_back(how);
  }
  if (const std::string few = fewValuesText(c); !few.empty()) out.push_back(few);
  if (c.notSucceeded > 0) {
    out.push_back(std::to_string(c.notSucceeded) +
                  " samples of results that did not succeed are left out.");
  }
  return out;
}

std::string fewValuesText(const Comparison& c) {
  std::size_t cells = 0, few = 0;
  for (const Section& s : c.sections) {
    for (const Row& row : s.rows) {
      for (const auto& [group, cell] : row.cells) {
        ++cells;
        if (cell.summary.n < kFewValues) ++few;
      }
    }
  }
  if (few == 0) return "";
  return "⚠ Warning: " + std::to_string(few) + " of " + std::to_string(cells) +
         " figures rest on fewer than " + std::to_string(kFewValues) +
         " values (marked ⚠): too few to show their spread, and below 2 too few to test. "
         "Repeat the runs (the seed suite repeats each step 3 times) or pool more nodes.";
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

std::string setupText(const Comparison& c) {
  std::string out;
  for (const auto& g : c.groups) {
    auto it = c.setup.find(g);
    if (it == c.setup.end()) continue;
    std::vector<std::string> parts;
    for (std::string_view key : kSetupLabels) {
      auto values = it->second.find(std::string(key));
      if (values == it->second.end()) continue;
      std::string text(key);
      text += "=";
      std::size_t k = 0;
      for (const auto& v : values->second) text += (k++ ? "/" : "") + v;
      parts.push_back(std::move(text));
    }
    if (parts.empty()) continue;
    if (!out.empty()) out += "; ";
    out += g + ": " + joined(parts, ", ");
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
