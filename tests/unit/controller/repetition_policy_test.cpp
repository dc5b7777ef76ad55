// The repetition policy: minimum, stability, outliers, caps, and the series it reads.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "orchestrator/repetition_policy.hpp"

namespace {
using cb::controller::decideRepetition;
using cb::controller::SeriesValues;
using cb::spec::AdaptiveRepetitions;

AdaptiveRepetitions adaptive(double maxRsd = 0.03, int maxRuns = 10, int maxSeconds = 600) {
  return AdaptiveRepetitions{maxRsd, maxRuns, maxSeconds};
}
}  // namespace

TEST_SUITE_BEGIN("repetition");

TEST_CASE("repetition policy: the minimum always runs, fixed repetitions stop there") {
  SeriesValues noisy{{"node02 events_per_second", {100, 200}}};
  auto d = decideRepetition(2, 3, std::nullopt, 10, noisy);
  CHECK(d.again);
  CHECK(d.reason == "minimum of 3 repetitions not reached");
  // Below the minimum even past every cap: the minimum is not subject to them.
  CHECK(decideRepetition(2, 3, adaptive(0.03, 3, 1), 1000, noisy).again);
  d = decideRepetition(3, 3, std::nullopt, 10, noisy);
  CHECK_FALSE(d.again);
  CHECK(d.reason == "3 repetition(s) done");
}

TEST_CASE("repetition policy: min reached and stable stops") {
  SeriesValues stable{{"node02 events_per_second", {1000, 1010, 995}},
                      {"node03 events_per_second", {980, 985, 990}}};
  auto d = decideRepetition(3, 3, adaptive(), 30, stable);
  CHECK_FALSE(d.again);
  CHECK(d.reason == "stable: every series within 3.0 % relative stddev, no outliers");
}

TEST_CASE("repetition policy: a high relative stddev continues, naming the worst series") {
  SeriesValues noisy{{"node02 events_per_second", {1000, 1100, 900}},  // 10 %
                     {"node03 events_per_second", {1000, 1050, 950}},  // 5 %
                     {"node03 latency_ms_avg", {1, 1, 1}}};
  auto d = decideRepetition(3, 3, adaptive(), 30, noisy);
  CHECK(d.again);
  CHECK(d.reason == "node02 events_per_second varies by 10.0 % (relative stddev above 3.0 %)");
  // A looser threshold lets the 5 % series pass but not the 10 % one.
  d = decideRepetition(3, 3, adaptive(0.08), 30, noisy);
  CHECK(d.again);
  CHECK(d.reason.rfind("node02 events_per_second varies by 10.0 %", 0) == 0);
  CHECK_FALSE(decideRepetition(3, 3, adaptive(0.15), 30, noisy).again);
  // A tiny threshold stays readable.
  d = decideRepetition(3, 3, adaptive(0.0001), 30, {{"n x", {1000, 1001, 1000}}});
  CHECK(d.reason == "n x varies by 0.058 % (relative stddev above 0.01 %)");
}

TEST_CASE("repetition policy: an outlier continues even when the spread is small") {
  // Ten values within 0.1 of 100, then 105: relative stddev ~1.5 %, but 105 is far beyond
  // 3 sigma of the others and 5 % away from their mean.
  std::vector<double> values{100, 100.1, 99.9, 100, 100.1, 99.9, 100, 100.1, 99.9, 100, 105};
  SeriesValues s{{"node02 bits_per_second{direction=upload}", values}};
  auto d = decideRepetition(11, 3, adaptive(0.03, 20), 110, s);
  CHECK(d.again);
  CHECK(d.reason ==
        "node02 bits_per_second{direction=upload} has an outlier: 105 lies beyond 3 sigma of "
        "the other 10 values (mean 100)");
  // A value that is off by a quantum of an otherwise constant series is no reason.
  SeriesValues quantized{{"node02 events", {1000, 1000, 1001}}};
  CHECK_FALSE(decideRepetition(3, 3, adaptive(), 30, quantized).again);
}

TEST_CASE("repetition policy: caps stop with their reason") {
  SeriesValues noisy{{"node02 events_per_second", {1000, 1100, 900, 1000, 1100}}};
  auto d = decideRepetition(5, 3, adaptive(0.03, 5), 50, noisy);
  CHECK_FALSE(d.again);
  CHECK(d.reason ==
        "node02 events_per_second varies by 8.2 % (relative stddev above 3.0 %); stopping at "
        "the cap of 5 repetitions");
  // 5 repetitions in 500 s: another (~100 s) would end at 600 s > 550 s.
  d = decideRepetition(5, 3, adaptive(0.03, 10, 550), 500, noisy);
  CHECK_FALSE(d.again);
  CHECK(d.reason ==
        "node02 events_per_second varies by 8.2 % (relative stddev above 3.0 %); stopping: "
        "another repetition (~100 s) would pass the 550 s cap (500 s used)");
  // Exactly fitting is allowed.
  CHECK(decideRepetition(5, 3, adaptive(0.03, 10, 600), 500, noisy).again);
}

TEST_CASE("repetition policy: one repetition shows no spread; no values stop") {
  SeriesValues one{{"node02 events_per_second", {1000}}};
  auto d = decideRepetition(1, 1, adaptive(), 5, one);
  CHECK(d.again);
  CHECK(d.reason == "one repetition shows no spread");
  d = decideRepetition(1, 1, adaptive(0.03, 1), 5, one);
  CHECK_FALSE(d.again);
  CHECK(d.reason == "one repetition shows no spread; stopping at the cap of 1 repetitions");
  d = decideRepetition(3, 3, adaptive(), 5, {});
  CHECK_FALSE(d.again);
  CHECK(d.reason == "no metric values to judge stability by");
}

TEST_CASE("repetition series: one key per node, metric and labels; repeats averaged") {
  cb::bench::Sample plain{"events_per_second", 5, "events/s", {}};
  cb::bench::Sample labelled{
      "bits_per_second", 7, "bit/s", {{"streams", "2"}, {"direction", "up"}}};
  CHECK(cb::controller::seriesKey("node02", plain) == "node02 events_per_second");
  CHECK(cb::controller::seriesKey("node02", labelled) ==
        "node02 bits_per_second{direction=up,streams=2}");

  SeriesValues series;
  cb::controller::appendRepetition(series, {{"a", {1, 3}}, {"b", {5}}, {"c", {}}});
  cb::controller::appendRepetition(series, {{"a", {4}}});
  CHECK(series == SeriesValues{{"a", {2, 4}}, {"b", {5}}});
}

TEST_SUITE_END();
