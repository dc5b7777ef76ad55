// Descriptive statistics (common/stats/summary.hpp) against values worked out by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "stats/outliers.hpp"
#include "stats/summary.hpp"

using cb::stats::outliers;
using cb::stats::summarize;
using cb::stats::tCritical95;

TEST_SUITE("stats") {
  TEST_CASE("stats: summarize of three repetitions") {
    // mean 20, deviations -2, 0, 2: variance 8 / 2 = 4, stddev 2; CI = 20 ± t · 2 / √3 with t
    // the two-sided 95 % point of Student's t with 2 degrees of freedom, whose CDF has the closed
    // form 1/2 + t / (2 √(2 + t²)): t = √(2 · 0.95² / (1 - 0.95²)) = 4.302653.
    const auto s = summarize({18, 22, 20});
    CHECK(s.n == 3);
    CHECK(s.mean == doctest::Approx(20));
    CHECK(s.stddev == doctest::Approx(2));
    CHECK(s.min == 18);
    CHECK(s.max == 22);
    CHECK(s.median == 20);
    const double half = 4.302653 * 2 / std::sqrt(3.0);
    CHECK(s.ciLow == doctest::Approx(20 - half));
    CHECK(s.ciHigh == doctest::Approx(20 + half));
    CHECK(s.relativeStddev() == doctest::Approx(0.1));
  }

  TEST_CASE("stats: even count median, NaNs ignored, empty and single values") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto s = summarize({4, nan, 1, 3, 2});
    CHECK(s.n == 4);
    CHECK(s.median == doctest::Approx(2.5));
    CHECK(s.mean == doctest::Approx(2.5));

    const auto none = summarize({nan, nan});
    CHECK(none.n == 0);
    CHECK(none.mean == 0);

    const auto one = summarize({7.5});
    CHECK(one.n == 1);
    CHECK(one.stddev == 0);
    CHECK(one.ciLow == 7.5);
    CHECK(one.ciHigh == 7.5);
    CHECK(one.relativeStddev() == 0);
  }

  TEST_CASE("stats: t critical values match the printed tables and approach 1.96") {
    // Two-sided 95 % (t 0.975) as printed in any table of Student's t, e.g. NIST/SEMATECH
    // e-Handbook of Statistical Methods, 1.3.6.7.2; 1.960 is the normal's.
    CHECK(tCritical95(0) == 0);
    CHECK(tCritical95(1) == doctest::Approx(12.706).epsilon(1e-4));
    CHECK(tCritical95(2) == doctest::Approx(4.303).epsilon(1e-4));
    CHECK(tCritical95(10) == doctest::Approx(2.228).epsilon(1e-4));
    CHECK(tCritical95(30) == doctest::Approx(2.042).epsilon(1e-4));
    CHECK(tCritical95(100) == doctest::Approx(1.984).epsilon(1e-4));
    CHECK(tCritical95(100000) == doctest::Approx(1.960).epsilon(1e-4));
    for (std::size_t df = 1; df < 200; ++df) CHECK(tCritical95(df + 1) <= tCritical95(df));
  }

  TEST_CASE("stats: outliers are found leave-one-out") {
    // 100 among values near 10: the others' stddev is small, so only index 3 stands out.
    const auto out = outliers({10, 11, 9, 100, 10.5, 9.5});
    REQUIRE(out.size() == 1);
    CHECK(out[0] == 3);
    CHECK(outliers({1, 2}).empty());  // too few values
    CHECK(outliers({5, 5, 5, 5}).empty());
    const auto flat = outliers({5, 5, 5, 6});  // the others have no spread at all
    REQUIRE(flat.size() == 1);
    CHECK(flat[0] == 3);
    CHECK(outliers({10, 11, 9, 12, 10.5}, 3.0).empty());
    CHECK(outliers({0.1, 0.1, 0.1, 0.1, 0.1}).empty());  // rounding noise of the mean is no spread
  }

  TEST_CASE("stats: outliers agree with a direct leave-one-out pass") {
    // The one-pass formulas against the definition, on values with several far ones.
    std::vector<double> values;
    for (int i = 0; i < 200; ++i) values.push_back(1000 + (i * 37) % 17 - 8);
    values[3] = 1100;
    values[50] = 900;
    values[120] = 1045;
    std::vector<std::size_t> direct;
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::vector<double> others = values;
      others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
      const auto s = summarize(others);
      if (std::fabs(values[i] - s.mean) > 3 * s.stddev) direct.push_back(i);
    }
    CHECK(direct == std::vector<std::size_t>{3, 50, 120});
    CHECK(outliers(values) == direct);
  }
}
