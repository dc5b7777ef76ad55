// Chart geometry: scales, ticks, bar and line layouts, and what the SVG contains.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "report/html_charts.hpp"
#include "report/svg_bar_chart.hpp"
#include "report/svg_line_chart.hpp"
#include "report/svg_writer.hpp"

using namespace cb::report;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report svg: scales and ticks") {
    const LinearScale y{0, 100, 300, 20};  // upwards, as a y axis
    CHECK(y.map(0) == 300);
    CHECK(y.map(100) == 20);
    CHECK(y.map(50) == doctest::Approx(160));
    const Log2Scale x{64, 16384, 0, 800};
    CHECK(x.map(64) == doctest::Approx(0));
    CHECK(x.map(16384) == doctest::Approx(800));
    // Each doubling takes the same distance: 8 doublings over 800 px.
    CHECK(x.map(128) - x.map(64) == doctest::Approx(100));
    CHECK(x.map(1024) - x.map(512) == doctest::Approx(100));

    CHECK(niceTicks(0, 58.94, 5) == std::vector<double>{0, 10, 20, 30, 40, 50, 60});
    CHECK(niceTicks(0, 100, 5) == std::vector<double>{0, 20, 40, 60, 80, 100});
    CHECK(niceTicks(0, 4.6e10, 5) == std::vector<double>{0, 1e10, 2e10, 3e10, 4e10, 5e10});
    const auto neg = niceTicks(-3, 7, 5);
    CHECK(neg.front() <= -3);
    CHECK(neg.back() >= 7);
    CHECK(niceTicks(5, 5, 5).size() >= 2);
    CHECK(log2Ticks(64, 16384) ==
          std::vector<double>{64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384});
    CHECK(log2Ticks(100, 1000) == std::vector<double>{64, 128, 256, 512, 1024});
    CHECK(formatKiB(64) == "64k");
    CHECK(formatKiB(1024) == "1M");
    CHECK(formatKiB(524288) == "512M");
    CHECK(formatKiB(0.5) == "512");
  }

  TEST_CASE("report svg: grouped bars start at zero, scale with value, and carry error bars") {
    BarChart chart;
    chart.title = "HPCC: Gflop/s";
    chart.categories = {"hpl_gflops", "star_dgemm_gflops"};
    chart.subtitles = {"n=1000"};
    chart.series = {"vm", "container"};
    chart.values = {{BarValue{50, 5}, BarValue{25, 0}}, {BarValue{100, 10}, std::nullopt}};
    const BarLayout l = layoutBars(chart, 800);
    REQUIRE(l.bars.size() == 3);  // the missing value draws nothing
    CHECK(l.ticks.front() == 0);
    CHECK(l.ticks.back() >= 110);
    const double zero = l.x.map(0);
    CHECK(zero == doctest::Approx(l.plotLeft));
    for (const BarRect& b : l.bars) {
      CHECK(b.x == doctest::Approx(zero));
      CHECK(b.x + b.width <= l.plotRight + 1e-9);
      CHECK(b.y >= l.plotTop);
      CHECK(b.y + b.height <= l.plotBottom);
      CHECK(b.errorLow <= b.x + b.width);
      CHECK(b.errorHigh >= b.x + b.width);
    }
    // Widths are proportional to the values: 100 is twice 50, four times 25.
    CHECK(l.bars[1].width == doctest::Approx(2 * l.bars[0].width));
    CHECK(l.bars[2].width == doctest::Approx(l.bars[0].width / 2));
    // Bars of one category sit in its band, series after series, without overlapping.
    CHECK(l.bars[0].category == 0);
    CHECK(l.bars[1].category == 0);
    CHECK(l.bars[1].series == 1);
    CHECK(l.bars[1].y >= l.bars[0].y + l.bars[0].height);
    CHECK(l.bars[2].category == 1);
    CHECK(l.bars[2].y >= l.bandTop[1]);
    CHECK(l.height > l.plotBottom);

    const std::string svg = renderBarChart(chart, 800);
    CHECK(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 800 "));
    CHECK(count(svg, "class=\"bar\"") == 3);
    CHECK(count(svg, "class=\"err\"") == 2);  // no error bar for an error of 0
    CHECK(svg.find("http") == std::string::npos);
    CHECK(svg.find("n=1000") != std::string::npos);
  }

  TEST_CASE("report svg: line charts on a log2 axis, one path per series") {
    LineChart chart;
    chart.title = "iozone writer (kB/s)";
    chart.xTicks = XTicks::kKiB;
    chart.series = {
        {"64k vm", 0, false, {{4, 100}, {16, 300}, {64, 200}}},
        {"64k container", 0, true, {{64, 400}, {4, 50}}},  // unordered: drawn in x order
        {"bad", 1, false, {{0, 5}, {8, std::nan("")}}},    // nothing usable
    };
    const LineLayout l = layoutLines(chart, 620, 300);
    CHECK(l.xTicks == std::vector<double>{4, 8, 16, 32, 64});
    CHECK(l.yTicks.front() == 0);
    CHECK(l.yTicks.back() >= 400);
    REQUIRE(l.paths.size() == 3);
    REQUIRE(l.paths[0].size() == 3);
    CHECK(l.paths[0][0].x == doctest::Approx(l.plotLeft));
    CHECK(l.paths[0][2].x == doctest::Approx(l.plotRight));
    CHECK(l.paths[0][1].x == doctest::Approx((l.plotLeft + l.plotRight) / 2));  // 16 of 4..64
    CHECK(l.paths[0][1].y < l.paths[0][0].y);  // 300 is drawn above 100
    REQUIRE(l.paths[1].size() == 2);
    CHECK(l.paths[1][0].x < l.paths[1][1].x);
    CHECK(l.paths[2].empty());

    const std::string svg = renderLineChart(chart, 620, 300);
    CHECK(count(svg, "<path class=\"line\" d=\"M") == 2 + 3);  // 2 lines + 3 legend samples
    CHECK(count(svg, "stroke-dasharray") == 2);                // the dashed line and its legend
    CHECK(svg.find(">64k<") != std::string::npos);             // tick in KiB
    CHECK(svg.find("http") == std::string::npos);

    // Many series: the chart grows to fit the legend.
    LineChart tall;
    for (int i = 0; i < 30; ++i) tall.series.push_back({"s", 0, false, {{1, 1}, {2, 2}}});
    CHECK(layoutLines(tall, 620, 300).height > 300);
  }

  TEST_CASE("report svg: sizes from labels, escaping, ellipsis") {
    CHECK(sizeInKiB("64", false) == 64);
    CHECK(sizeInKiB("4k", true) == 4);
    CHECK(sizeInKiB("1m", true) == 1024);
    CHECK(sizeInKiB("512", true) == 0.5);
    CHECK_FALSE(sizeInKiB("fast", true).has_value());
    CHECK_FALSE(sizeInKiB("4x", true).has_value());
    CHECK(xmlEscape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    CHECK(ellipsize("abcdef", 4) == "abc…");
    CHECK(ellipsize("abc", 4) == "abc");
    CHECK(ellipsize("ééééé", 3) == "éé…");
  }
}
