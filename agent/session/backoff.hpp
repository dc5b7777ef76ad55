#pragma once
// Reconnect delays: exponential backoff with full jitter, so agents that lost the same
// controller do not come back in lock-step (no thundering herd).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace cb::agent {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max, std::uint64_t seed)
      : initial_(initial), max_(max), rng_(seed) {}

  /// Next delay: uniform in [ceiling/2, ceiling], ceiling = min(max, initial * 2^attempt).
  std::chrono::milliseconds next() {
    auto shift = std::min<int>(attempt_, 20);
    auto ceiling = std::min<std::int64_t>(max_.count(), initial_.count() << shift);
    ++attempt_;
    std::uniform_int_distribution<std::int64_t> dist(ceiling / 2, ceiling);
    return std::chrono::milliseconds(dist(rng_));
  }
  void reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }

 private:
  std::chrono::milliseconds initial_, max_;
  std::mt19937_64 rng_;
  int attempt_ = 0;
};

}  // namespace cb::agent
