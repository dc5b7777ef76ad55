#include "report/html.hpp"

#include "report/against_native.hpp"
#include "report/html_charts.hpp"
#include "report/overview_text.hpp"
#include "report/section_table.hpp"
#include "report/seed_summary.hpp"
#include "report/svg_writer.hpp"

namespace cb::report {
namespace {

constexpr double kBarWidth = 980;
constexpr double kLineWidth = 620;
constexpr double kLineHeight = 300;
constexpr std::size_t kLongTableRows = 60;

constexpr const char* kStyle = R"css(
body { font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222;
       margin: 24px auto; max-width: 1320px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
p.note { color: #555; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
th, td { border: 1px solid #d4d4d4; padding: 3px 8px; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.best { background: #e5f3e8; font-weight: 600; }
td.fail { color: #b00020; }
ul.diff li { margin: 2px 0; }
ul.checks { font-size: 13px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: #0050a0; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
svg.chart { background: #fff; border: 1px solid #e3e3e3; }
svg.chart text { font: 11px "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: #222; }
svg.chart text.title { font-size: 13px; font-weight: bold; }
svg.chart text.sub, svg.chart text.tick { fill: #666; font-size: 10px; }
svg.chart line.grid { stroke: #e6e6e6; }
svg.chart line.axisline { stroke: #444; }
svg.chart rect.frame { fill: none; stroke: #bbb; }
svg.chart path.err { stroke: #222; stroke-width: 1.2; fill: none; }
svg.chart path.line { fill: none; stroke-width: 2; }
)css";

std::string escape(const std::string& text) {
  return xmlEscape(text);
}

void writeTable(const SectionTable& t, std::ostream& out) {
  out << "<table>\n<tr>";
  for (const auto& h : t.header) out << "<th>" << escape(h) << "</th>";
  out << "</tr>\n";
  const bool hasBetter = !t.header.empty() && t.header.back() == "Better";
  for (const auto& row : t.rows) {
    const std::string best = hasBetter && !row.empty() ? row.back() : std::string();
    out << "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string cls;
      if (c >= t.firstValueColumn) cls = "num";
      if (!best.empty() && c < t.header.size() && t.header[c] == best && c >= t.firstValueColumn) {
        cls += " best";
      }
      if (row[c].find("✗") != std::string::npos) cls += " fail";
      out << (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") << escape(row[c]) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void writeChecks(const SectionTable& t, std::ostream& out) {
  if (t.checks.empty()) return;
  out << "<p><strong>References</strong></p>\n<ul class=\"checks\">\n";
  for (const auto& check : t.checks) out << "<li>" << escape(check) << "</li>\n";
  out << "</ul>\n";
}

void writeCharts(const Section& s, const std::vector<std::string>& groups, std::ostream& out) {
  auto bars = barCharts(s, groups);
  for (auto& chart : nodeBarCharts(s, groups)) bars.push_back(std::move(chart));
  const auto lines = recordSizeCharts(s, groups);
  if (bars.empty() && lines.empty()) return;
  out << "<div class=\"charts\">\n";
  for (const auto& chart : bars) out << renderBarChart(chart, kBarWidth);
  for (const auto& chart : lines) out << renderLineChart(chart, kLineWidth, kLineHeight);
  out << "</div>\n";
}

}  // namespace

void writeHtml(const Comparison& c, std::ostream& out) {
  const std::string title = "clusterbench report: " + reportTitle(c);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n"
      << "<body>\n<h1>" << escape(title) << "</h1>\n";
  if (const SectionTable summary = seedSummaryTable(c); !summary.rows.empty()) {
    out << "<h2 id=\"summary\">Summary</h2>\n";
    writeTable(summary, out);
    out << "<p class=\"note\">" << escape(seedSummaryText()) << "</p>\n";
  }
  if (const std::string setup = setupText(c); !setup.empty()) {
    out << "<p><strong>Environments (run labels):</strong> " << escape(setup) << ".</p>\n";
  }
  for (const auto& p : introParagraphs(c)) out << "<p class=\"note\">" << escape(p) << "</p>\n";
  if (const std::string virt = virtualizationText(c); !virt.empty()) {
    out << "<p><strong>Virtualization (virt_tech):</strong> " << escape(virt) << ".</p>\n";
  }
  if (const auto lines = differenceLines(c); !lines.empty()) {
    out << "<h2>Largest differences</h2>\n<ul class=\"diff\">\n";
    for (const auto& l : lines) out << "<li>" << escape(l) << "</li>\n";
    out << "</ul>\n";
  }
  if (const SectionTable native = againstNativeTable(c); !native.rows.empty()) {
    out << "<h2 id=\"against-native\">Against native</h2>\n<p class=\"note\">"
        << escape(againstNativeText(nativeGroup(c))) << "</p>\n";
    if (native.rows.size() > kLongTableRows) {
      out << "<details><summary>Table: " << native.rows.size() << " rows</summary>\n";
      writeTable(native, out);
      out << "</details>\n";
    } else {
      writeTable(native, out);
    }
  }
  for (const Section& s : c.sections) {
    out << "<h2 id=\"" << escape(s.family) << "\">" << escape(s.title) << "</h2>\n";
    const SectionTable t = sectionTable(s, c.groups);
    // A long table (iozone: a row per file and record size) follows its charts, folded.
    const bool longTable = t.rows.size() > kLongTableRows;
    if (!longTable) writeTable(t, out);
    writeChecks(t, out);
    const SectionTable nodes = nodeTable(s, c.groupBy, c.groups);
    if (!nodes.rows.empty()) {
      out << "<p><strong>Per node</strong></p>\n";
      writeTable(nodes, out);
    }
    writeCharts(s, c.groups, out);
    if (longTable) {
      out << "<details><summary>Table: " << t.rows.size() << " rows</summary>\n";
      writeTable(t, out);
      out << "</details>\n";
    }
  }
  if (const std::string note = notComparedText(c); !note.empty()) {
    out << "<p class=\"note\">" << escape(note) << "</p>\n";
  }
  out << "</body>\n</html>\n";
}

}  // namespace cb::report
