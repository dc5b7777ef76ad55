#include <doctest/doctest.h>

#include "session/resend_schedule.hpp"

using cb::agent::ResendSchedule;
using namespace std::chrono_literals;

TEST_CASE("resend schedule: a result is due after the first wait, then after doubled waits") {
  ResendSchedule s(5s, 20s);
  auto t0 = ResendSchedule::Clock::time_point{} + 100s;
  s.sent("run1-a", t0);
  CHECK(s.due(t0 + 4999ms).empty());
  REQUIRE(s.due(t0 + 5s) == std::vector<std::string>{"run1-a"});
  s.sent("run1-a", t0 + 5s);  // re-sent: waits 10 s now
  CHECK(s.due(t0 + 14s).empty());
  CHECK(s.due(t0 + 15s).size() == 1);
  s.sent("run1-a", t0 + 15s);  // 20 s (the cap)
  s.sent("run1-a", t0 + 35s);  // still 20 s
  CHECK(s.due(t0 + 54s).empty());
  CHECK(s.due(t0 + 55s).size() == 1);
}

TEST_CASE("resend schedule: acknowledged results are never due; others keep their own pace") {
  ResendSchedule s(1s, 8s);
  auto t0 = ResendSchedule::Clock::time_point{} + 10s;
  s.sent("run1-b", t0);
  s.sent("run1-a", t0 + 500ms);
  s.forget("run1-b");
  s.forget("run9-unknown");  // unknown ids are ignored
  CHECK(s.size() == 1);
  CHECK(s.due(t0 + 1s).empty());
  CHECK(s.due(t0 + 1500ms) == std::vector<std::string>{"run1-a"});
}
