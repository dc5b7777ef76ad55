#include "report/svg_line_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/number_format.hpp"
#include "report/svg_writer.hpp"

namespace cb::report {
namespace {

constexpr double kTop = 30;
constexpr double kBottom = 44;
constexpr double kLeft = 56;
constexpr double kLegendWidth = 150;
constexpr double kLegendRow = 15;

bool usable(const LinePoint& p) {
  return p.x > 0 && std::isfinite(p.x) && std::isfinite(p.y);
}

}  // namespace

LineLayout layoutLines(const LineChart& chart, double width, double height) {
  LineLayout l;
  l.width = width;
  l.height =
      std::max(height, kTop + 16 + kLegendRow * static_cast<double>(chart.series.size()) + kBottom);
  l.plotLeft = kLeft;
  l.plotRight = width - kLegendWidth;
  l.plotTop = kTop;
  l.plotBottom = l.height - kBottom;

  double xlo = std::numeric_limits<double>::infinity(), xhi = 0, ylo = 0, yhi = 0;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) {
      if (!usable(p)) continue;
      xlo = std::min(xlo, p.x);
      xhi = std::max(xhi, p.x);
      ylo = std::min(ylo, p.y);
      yhi = std::max(yhi, p.y);
    }
  }
  if (!(xhi > 0)) xlo = xhi = 1;
  l.xTicks = log2Ticks(xlo, xhi);
  if (l.xTicks.size() < 2) l.xTicks = {l.xTicks.front() / 2, l.xTicks.front() * 2};
  l.yTicks = niceTicks(ylo, yhi == ylo ? ylo + 1 : yhi, 5);
  l.x = Log2Scale{l.xTicks.front(), l.xTicks.back(), l.plotLeft, l.plotRight};
  l.y = LinearScale{l.yTicks.front(), l.yTicks.back(), l.plotBottom, l.plotTop};

  for (const auto& s : chart.series) {
    std::vector<LinePoint> pts;
    for (const auto& p : s.points) {
      if (usable(p)) pts.push_back(p);
    }
    std::sort(pts.begin(), pts.end(),
              [](const LinePoint& a, const LinePoint& b) { return a.x < b.x; });
    for (auto& p : pts) p = LinePoint{l.x.map(p.x), l.y.map(p.y)};
    l.paths.push_back(std::move(pts));
  }
  return l;
}

std::string formatKiB(double kib) {
  static constexpr const char* kUnits[] = {"k", "M", "G", "T"};
  if (kib < 1) return formatTick(kib * 1024);
  std::size_t u = 0;
  while (kib >= 1024 && u + 1 < std::size(kUnits)) {
    kib /= 1024;
    ++u;
  }
  return formatTick(kib) + kUnits[u];
}

std::string renderLineChart(const LineChart& chart, double width, double height) {
  const LineLayout l = layoutLines(chart, width, height);
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + coord(l.width) + " " + coord(l.height) +
                    "\" width=\"" + coord(l.width) + "\" height=\"" + coord(l.height) +
                    "\" role=\"img\" aria-label=\"" + xmlEscape(chart.title) + "\">\n";
  svg += "<text class=\"title\" x=\"" + coord(l.plotLeft) + "\" y=\"18\">" +
         xmlEscape(chart.title) + "</text>\n";
  for (double t : l.yTicks) {
    const double y = l.y.map(t);
    svg += "<line class=\"grid\" x1=\"" + coord(l.plotLeft) + "\" y1=\"" + coord(y) + "\" x2=\"" +
           coord(l.plotRight) + "\" y2=\"" + coord(y) + "\"/>";
    svg += "<text class=\"tick\" x=\"" + coord(l.plotLeft - 6) + "\" y=\"" + coord(y + 4) +
           "\" text-anchor=\"end\">" + xmlEscape(formatTick(t)) + "</text>\n";
  }
  for (double t : l.xTicks) {
    const double x = l.x.map(t);
    svg += "<line class=\"grid\" x1=\"" + coord(x) + "\" y1=\"" + coord(l.plotTop) + "\" x2=\"" +
           coord(x) + "\" y2=\"" + coord(l.plotBottom) + "\"/>";
    svg += "<text class=\"tick\" x=\"" + coord(x) + "\" y=\"" + coord(l.plotBottom + 14) +
           "\" text-anchor=\"middle\">" +
           xmlEscape(chart.xTicks == XTicks::kKiB ? formatKiB(t) : formatTick(t)) + "</text>\n";
  }
  svg += "<text class=\"axis\" x=\"" + coord((l.plotLeft + l.plotRight) / 2) + "\" y=\"" +
         coord(l.plotBottom + 32) + "\" text-anchor=\"middle\">" + xmlEscape(chart.xLabel) +
         "</text>\n";
  svg += "<text class=\"axis\" transform=\"translate(12 " + coord((l.plotTop + l.plotBottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + xmlEscape(chart.yLabel) + "</text>\n";
  svg += "<rect class=\"frame\" x=\"" + coord(l.plotLeft) + "\" y=\"" + coord(l.plotTop) +
         "\" width=\"" + coord(l.plotRight - l.plotLeft) + "\" height=\"" +
         coord(l.plotBottom - l.plotTop) + "\"/>\n";
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const LineSeries& s = chart.series[i];
    const std::string color = paletteColor(s.color);
    const std::string dash = s.dashed ? " stroke-dasharray=\"6 4\"" : "";
    const auto& pts = l.paths[i];
    if (!pts.empty()) {
      std::string d;
      for (std::size_t k = 0; k < pts.size(); ++k) {
        d += (k == 0 ? "M" : "L") + coord(pts[k].x) + " " + coord(pts[k].y);
      }
      svg += "<path class=\"line\" d=\"" + d + "\" stroke=\"" + color + "\"" + dash + "/>";
      for (const auto& p : pts) {
        svg += "<circle cx=\"" + coord(p.x) + "\" cy=\"" + coord(p.y) + "\" r=\"2.5\" fill=\"" +
               color + "\"/>";
      }
    }
    const double ly = l.plotTop + 8 + kLegendRow * static_cast<double>(i);
    svg += "<path class=\"line\" d=\"M" + coord(l.plotRight + 12) + " " + coord(ly) + "h22\"" +
           " stroke=\"" + color + "\"" + dash + "/><text class=\"legend\" x=\"" +
           coord(l.plotRight + 40) + "\" y=\"" + coord(ly + 4) + "\">" +
           xmlEscape(ellipsize(s.name, 18)) + "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace cb::report
