// Significance tests (common/stats/welch.hpp, mann_whitney.hpp, difference_test.hpp) against
// values computed independently of this code: a Python 3 script of the standard library alone
// (no scipy here) that integrates Student's t density with Simpson's rule (200,000 intervals),
// enumerates every split of the pooled midranks with itertools.combinations for exact
// Mann–Whitney p-values, and uses statistics.NormalDist for the normal approximation.
#include <doctest/doctest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "stats/difference_test.hpp"
#include "stats/mann_whitney.hpp"
#include "stats/outliers.hpp"
#include "stats/summary.hpp"
#include "stats/welch.hpp"

using namespace cb::stats;

TEST_SUITE("stats") {
  TEST_CASE("stats: Welch's t-test") {
    // Unequal sizes and variances: t = -5.23825, df = 6.97115, p = 0.00121732.
    const auto w = welchTTest(summarize({19.1, 20.3, 18.7, 21.0, 20.1}),
                              summarize({22.4, 21.9, 23.5, 22.8}));
    REQUIRE(w.has_value());
    CHECK(w->t == doctest::Approx(-5.238248).epsilon(1e-6));
    CHECK(w->df == doctest::Approx(6.971146).epsilon(1e-6));
    CHECK(w->p == doctest::Approx(0.0012173170).epsilon(1e-5));
    // Three repetitions 1 apart with sd 1: t = -0.612372, df = 4, p = 0.573392.
    const auto close = welchTTest(summarize({18, 22, 20}), summarize({19, 23, 21}));
    REQUIRE(close.has_value());
    CHECK(close->df == doctest::Approx(4));
    CHECK(close->p == doctest::Approx(0.5733922539).epsilon(1e-5));
    // 59 ± 1 against 62 ± 1, n = 3 each: t = -3.674235, df = 4, p = 0.0213116.
    const auto apart = welchTTest(summarize({58, 59, 60}), summarize({61, 62, 63}));
    REQUIRE(apart.has_value());
    CHECK(apart->p == doctest::Approx(0.0213116411).epsilon(1e-5));
    // Not defined: a single value, or no spread at all.
    CHECK_FALSE(welchTTest(summarize({1}), summarize({2, 3})).has_value());
    CHECK_FALSE(welchTTest(summarize({5, 5}), summarize({6, 6})).has_value());
  }

  TEST_CASE("stats: Mann-Whitney U, exact") {
    // 1 2 3 against 4 5 6: 2 of the 20 splits are as extreme, p = 0.1, U = 0.
    auto m = mannWhitneyU({1, 2, 3}, {4, 5, 6});
    REQUIRE(m.has_value());
    CHECK(m->exact);
    CHECK(m->u == 0);
    CHECK(m->p == doctest::Approx(0.1));
    // 4 against 4: 2 / 70.
    CHECK(mannWhitneyU({5, 6, 7, 8}, {1, 2, 3, 4})->p == doctest::Approx(2.0 / 70));
    CHECK(mannWhitneyU({5, 6, 7, 8}, {1, 2, 3, 4})->u == 16);
    // Ties: constant groups split like distinct ones (p = 0.1); midranks in the enumeration.
    CHECK(mannWhitneyU({5, 5, 5}, {6, 6, 6})->p == doctest::Approx(0.1));
    m = mannWhitneyU({1, 2, 2, 3, 5}, {2, 3, 4, 4, 6, 7});
    CHECK(m->u == 6.5);
    CHECK(m->p == doctest::Approx(0.1341991342));
    m = mannWhitneyU({3.1, 1.2, 5.5, 2.2}, {4.4, 6.1, 7.3, 0.9, 8.0});
    CHECK(m->u == 5);
    CHECK(m->p == doctest::Approx(0.2857142857));
    CHECK(mannWhitneyU({4, 4}, {4, 4})->p == doctest::Approx(1));
    CHECK_FALSE(mannWhitneyU({}, {1}).has_value());
  }

  TEST_CASE("stats: Mann-Whitney U, normal approximation with ties") {
    std::vector<double> a, b;
    for (int i = 0; i < 25; ++i) a.push_back((i * 7) % 23 + 0.5 * (i % 3));
    for (int i = 0; i < 24; ++i) b.push_back((i * 5) % 19 + 6 + (i % 2));
    // 49 values (exact up to 40): U = 198, p = 0.0421776538 (tie and continuity corrections).
    const auto m = mannWhitneyU(a, b);
    REQUIRE(m.has_value());
    CHECK_FALSE(m->exact);
    CHECK(m->u == 198);
    CHECK(m->p == doctest::Approx(0.0421776538).epsilon(1e-6));
  }

  TEST_CASE("stats: Jarque-Bera and the choice of test") {
    // JB = 21.9354 for 1..9 and 100: p = exp(-JB / 2) = 1.72502e-05.
    CHECK(jarqueBeraP({1, 2, 3, 4, 5, 6, 7, 8, 9, 100}) == doctest::Approx(1.725020502e-05));
    std::vector<double> spread;
    for (int i = 0; i < 25; ++i) spread.push_back((i * 7) % 23 + 0.5 * (i % 3));
    CHECK(jarqueBeraP(spread) == doctest::Approx(0.4896222743).epsilon(1e-6));
    CHECK(jarqueBeraP({3, 3, 3}) == 1);
    CHECK_FALSE(clearlyNotNormal(spread, 5));

    // Normal-looking small samples: Welch.
    auto t = testDifference({58, 59, 60}, {61, 62, 63});
    REQUIRE(t.has_value());
    CHECK(t->method == TestMethod::kWelch);
    CHECK(t->p == doctest::Approx(0.0213116411).epsilon(1e-5));
    CHECK(t->significant());
    // An outlier among 6 makes the sample clearly not normal: Mann-Whitney U (exact).
    const std::vector<double> withOutlier = {10, 11, 9, 100, 10.5, 9.5};
    CHECK(clearlyNotNormal(withOutlier, 5));
    t = testDifference(withOutlier, {20, 21, 22, 23, 24, 25});
    REQUIRE(t.has_value());
    CHECK(t->method == TestMethod::kMannWhitney);
    CHECK(t->p == doctest::Approx(0.0649350649));  // U = 6: 100 beats all six
    // 1,000 normal quantiles: the two extremes (±3.29) lie beyond 3 sigmas of the others, as
    // among many normal values they should; Jarque–Bera (JB = 0.03198, p = 0.98414) decides.
    std::vector<double> normal;
    for (int i = 0; i < 1000; ++i) {
      normal.push_back(boost::math::quantile(boost::math::normal(), (i + 0.5) / 1000));
    }
    CHECK(outliers(normal) == std::vector<std::size_t>{0, 999});
    CHECK(jarqueBeraP(normal) == doctest::Approx(0.9841371167).epsilon(1e-6));
    CHECK_FALSE(clearlyNotNormal(normal, 5));
    // No spread in either: Welch is undefined, ranks decide.
    t = testDifference({5, 5, 5}, {6, 6, 6});
    CHECK(t->method == TestMethod::kMannWhitney);
    CHECK(t->p == doctest::Approx(0.1));
    CHECK_FALSE(t->significant());
    // Fewer than 2 values (NaNs do not count): no test.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_FALSE(testDifference({1}, {2, 3}).has_value());
    CHECK_FALSE(testDifference({1, nan}, {2, 3}).has_value());
  }
}
