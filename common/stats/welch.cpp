#include "stats/welch.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace cb::stats {

std::optional<WelchTest> welchTTest(const Summary& a, const Summary& b) {
  if (a.n < 2 || b.n < 2) return std::nullopt;
  const double na = static_cast<double>(a.n);
  const double nb = static_cast<double>(b.n);
  const double va = a.stddev * a.stddev / na;  // squared standard errors of the means
  const double vb = b.stddev * b.stddev / nb;
  const double se2 = va + vb;
  if (!(se2 > 0) || !std::isfinite(se2)) return std::nullopt;
  WelchTest w;
  w.t = (a.mean - b.mean) / std::sqrt(se2);
  w.df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
  if (!std::isfinite(w.t)) {
    w.p = 0;
    return w;
  }
  const boost::math::students_t dist(w.df);
  w.p = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(w.t))));
  return w;
}

}  // namespace cb::stats
