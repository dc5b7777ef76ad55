#pragma once
// Line chart with a log2 x axis, as inline SVG: iozone/fio throughput against record size, one
// line per file size (and group). Pure.
#include <string>
#include <vector>

#include "report/svg_scale.hpp"

namespace cb::report {

struct LinePoint {
  double x = 0;  // > 0 (log2 axis)
  double y = 0;
};

struct LineSeries {
  std::string name;
  std::size_t color = 0;  // palette index
  bool dashed = false;
  std::vector<LinePoint> points;  // drawn in x order
};

/// How x tick values are written: as numbers (formatTick) or as sizes in KiB ("64k", "1M").
enum class XTicks { kNumber, kKiB };

struct LineChart {
  std::string title;
  XTicks xTicks = XTicks::kNumber;
  std::string xLabel;
  std::string yLabel;
  std::vector<LineSeries> series;
};

struct LineLayout {
  double width = 0, height = 0;
  double plotLeft = 0, plotRight = 0, plotTop = 0, plotBottom = 0;
  Log2Scale x;
  LinearScale y;
  std::vector<double> xTicks, yTicks;
  /// Mapped points of each series (same order), sorted by x; points with x <= 0 or a
  /// non-finite value are left out.
  std::vector<std::vector<LinePoint>> paths;
};

/// Geometry for `chart` in a `width` × `height` box (legend on the right; the height grows when the
/// legend needs it): x spans the powers of two around every point, y spans nice ticks from 0 (or
/// below, for negative values) to the largest value.
LineLayout layoutLines(const LineChart& chart, double width, double height);

/// "512", "64k", "1M", "2G" for a size in KiB.
std::string formatKiB(double kib);

/// The chart as an <svg> element (no xmlns: it is meant to be inlined in HTML).
std::string renderLineChart(const LineChart& chart, double width, double height);

}  // namespace cb::report
