#pragma once
// Horizontal grouped bar chart with error bars, as inline SVG: one band per category (a metric
// and its labels), one bar per series (a group such as vm / container). Pure.
#include <optional>
#include <string>
#include <vector>

#include "report/svg_scale.hpp"

namespace cb::report {

struct BarValue {
  double value = 0;
  double error = 0;  // half-length of the error bar (e.g. one standard deviation); 0 = none
};

struct BarChart {
  std::string title;
  std::string axisLabel;                // e.g. the unit
  std::vector<std::string> categories;  // band titles
  std::vector<std::string> subtitles;   // second line of each band (labels); may be shorter
  std::vector<std::string> series;      // legend entries, coloured by index
  /// values[series][category]; nullopt = not measured. Missing inner entries count as nullopt.
  std::vector<std::vector<std::optional<BarValue>>> values;
};

struct BarRect {
  std::size_t series = 0;
  std::size_t category = 0;
  double x = 0, y = 0, width = 0, height = 0;
  double errorLow = 0, errorHigh = 0;  // x of the error bar ends (== bar end when no error)
};

struct BarLayout {
  double width = 0, height = 0;
  double plotLeft = 0, plotRight = 0, plotTop = 0, plotBottom = 0;
  LinearScale x;
  std::vector<double> ticks;
  std::vector<double> bandTop;  // y of each category band
  double bandHeight = 0;
  std::vector<BarRect> bars;  // one per measured value
};

/// Geometry for `chart` drawn `width` pixels wide: the value axis always includes 0 and spans
/// nice ticks over every bar and error bar end; bars start at 0.
BarLayout layoutBars(const BarChart& chart, double width);

/// The chart as an <svg> element (no xmlns: it is meant to be inlined in HTML).
std::string renderBarChart(const BarChart& chart, double width);

}  // namespace cb::report
