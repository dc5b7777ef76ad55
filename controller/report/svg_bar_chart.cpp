#include "report/svg_bar_chart.hpp"

#include <algorithm>
#include <cmath>

#include "report/number_format.hpp"
#include "report/svg_writer.hpp"

namespace cb::report {
namespace {

constexpr double kBarHeight = 14;
constexpr double kBandGap = 14;
constexpr double kTitleHeight = 26;
constexpr double kLegendHeight = 22;
constexpr double kAxisHeight = 40;
constexpr double kRightMargin = 24;
constexpr double kCharWidth = 6.4;  // average width of an 11 px sans-serif character
constexpr std::size_t kMaxLabelChars = 60;

std::optional<BarValue> valueAt(const BarChart& c, std::size_t s, std::size_t k) {
  if (s >= c.values.size() || k >= c.values[s].size()) return std::nullopt;
  const auto& v = c.values[s][k];
  if (!v || !std::isfinite(v->value)) return std::nullopt;
  return v;
}

}  // namespace

BarLayout layoutBars(const BarChart& chart, double width) {
  BarLayout l;
  const std::size_t series = std::max<std::size_t>(chart.series.size(), 1);
  std::size_t longest = 8;
  for (const auto& t : chart.categories) longest = std::max(longest, t.size());
  for (const auto& t : chart.subtitles) longest = std::max(longest, t.size());
  longest = std::min(longest, kMaxLabelChars);
  l.width = width;
  l.plotLeft = std::min(width * 0.45, 16 + kCharWidth * static_cast<double>(longest));
  l.plotRight = width - kRightMargin;
  l.plotTop = kTitleHeight + kLegendHeight;
  l.bandHeight = static_cast<double>(series) * kBarHeight + kBandGap;
  l.plotBottom = l.plotTop + l.bandHeight * static_cast<double>(chart.categories.size());
  l.height = l.plotBottom + kAxisHeight;

  double lo = 0, hi = 0;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    for (std::size_t k = 0; k < chart.categories.size(); ++k) {
      if (auto v = valueAt(chart, s, k)) {
        const double err = std::isfinite(v->error) ? std::fabs(v->error) : 0;
        lo = std::min(lo, v->value - err);
        hi = std::max(hi, v->value + err);
      }
    }
  }
  l.ticks = niceTicks(lo, hi == lo ? lo + 1 : hi, 5);
  l.x = LinearScale{l.ticks.front(), l.ticks.back(), l.plotLeft, l.plotRight};

  for (std::size_t k = 0; k < chart.categories.size(); ++k) {
    const double top = l.plotTop + l.bandHeight * static_cast<double>(k);
    l.bandTop.push_back(top);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      auto v = valueAt(chart, s, k);
      if (!v) continue;
      const double err = std::isfinite(v->error) ? std::fabs(v->error) : 0;
      BarRect r;
      r.series = s;
      r.category = k;
      const double zero = l.x.map(0), end = l.x.map(v->value);
      r.x = std::min(zero, end);
      r.width = std::fabs(end - zero);
      r.y = top + kBandGap / 2 + kBarHeight * static_cast<double>(s);
      r.height = kBarHeight - 2;
      r.errorLow = l.x.map(v->value - err);
      r.errorHigh = l.x.map(v->value + err);
      l.bars.push_back(r);
    }
  }
  return l;
}

std::string renderBarChart(const BarChart& chart, double width) {
  const BarLayout l = layoutBars(chart, width);
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + coord(l.width) + " " + coord(l.height) +
                    "\" width=\"" + coord(l.width) + "\" height=\"" + coord(l.height) +
                    "\" role=\"img\" aria-label=\"" + xmlEscape(chart.title) + "\">\n";
  svg += "<text class=\"title\" x=\"" + coord(l.plotLeft) + "\" y=\"17\">" +
         xmlEscape(chart.title) + "</text>\n";
  double lx = l.plotLeft;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    svg += "<rect x=\"" + coord(lx) + "\" y=\"" + coord(kTitleHeight + 2) +
           "\" width=\"12\" height=\"12\" fill=\"" + paletteColor(s) + "\"/>";
    svg += "<text x=\"" + coord(lx + 16) + "\" y=\"" + coord(kTitleHeight + 12) + "\">" +
           xmlEscape(chart.series[s]) + "</text>\n";
    lx += 28 + kCharWidth * static_cast<double>(chart.series[s].size());
  }
  for (double t : l.ticks) {
    const double x = l.x.map(t);
    svg += "<line class=\"grid\" x1=\"" + coord(x) + "\" y1=\"" + coord(l.plotTop) + "\" x2=\"" +
           coord(x) + "\" y2=\"" + coord(l.plotBottom) + "\"/>";
    svg += "<text class=\"tick\" x=\"" + coord(x) + "\" y=\"" + coord(l.plotBottom + 14) +
           "\" text-anchor=\"middle\">" + xmlEscape(formatTick(t)) + "</text>\n";
  }
  svg += "<text class=\"axis\" x=\"" + coord((l.plotLeft + l.plotRight) / 2) + "\" y=\"" +
         coord(l.plotBottom + 32) + "\" text-anchor=\"middle\">" + xmlEscape(chart.axisLabel) +
         "</text>\n";
  for (std::size_t k = 0; k < chart.categories.size(); ++k) {
    const double mid = l.bandTop[k] + l.bandHeight / 2;
    const bool sub = k < chart.subtitles.size() && !chart.subtitles[k].empty();
    svg += "<text class=\"cat\" x=\"" + coord(l.plotLeft - 8) + "\" y=\"" +
           coord(sub ? mid - 2 : mid + 4) + "\" text-anchor=\"end\">" +
           xmlEscape(ellipsize(chart.categories[k], kMaxLabelChars)) + "</text>";
    if (sub) {
      svg += "<text class=\"sub\" x=\"" + coord(l.plotLeft - 8) + "\" y=\"" + coord(mid + 11) +
             "\" text-anchor=\"end\">" + xmlEscape(ellipsize(chart.subtitles[k], kMaxLabelChars)) +
             "</text>";
    }
    svg += "\n";
  }
  for (const BarRect& r : l.bars) {
    svg += "<rect class=\"bar\" x=\"" + coord(r.x) + "\" y=\"" + coord(r.y) + "\" width=\"" +
           coord(r.width) + "\" height=\"" + coord(r.height) + "\" fill=\"" +
           paletteColor(r.series) + "\"/>";
    if (r.errorHigh - r.errorLow > 0.5) {
      const double cy = r.y + r.height / 2;
      svg += "<path class=\"err\" d=\"M" + coord(r.errorLow) + " " + coord(cy) + "H" +
             coord(r.errorHigh) + "M" + coord(r.errorLow) + " " + coord(cy - 4) + "V" +
             coord(cy + 4) + "M" + coord(r.errorHigh) + " " + coord(cy - 4) + "V" + coord(cy + 4) +
             "\"/>";
    }
    svg += "\n";
  }
  svg += "<line class=\"axisline\" x1=\"" + coord(l.x.map(0)) + "\" y1=\"" + coord(l.plotTop) +
         "\" x2=\"" + coord(l.x.map(0)) + "\" y2=\"" + coord(l.plotBottom) + "\"/>\n";
  return svg + "</svg>\n";
}

}  // namespace cb::report
