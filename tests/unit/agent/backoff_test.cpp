#include <doctest/doctest.h>

#include "session/backoff.hpp"

using namespace std::chrono_literals;

TEST_CASE("backoff grows exponentially within jitter bounds and is capped") {
  cb::agent::Backoff b(100ms, 2000ms, 7);
  std::int64_t ceilings[] = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
  for (auto ceiling : ceilings) {
    auto d = b.next().count();
    CHECK(d >= ceiling / 2);
    CHECK(d <= ceiling);
  }
  b.reset();
  CHECK(b.next().count() <= 100);
}

TEST_CASE("agents with different seeds do not reconnect in lock-step") {
  cb::agent::Backoff a(1000ms, 30000ms, 1), b(1000ms, 30000ms, 2);
  int same = 0;
  for (int i = 0; i < 10; ++i) same += a.next() == b.next() ? 1 : 0;
  CHECK(same < 3);
}
