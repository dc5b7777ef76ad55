// The line protocol between clusterbench-swarm and its workers (bench/swarm/worker_protocol.hpp)
// and the order statistics the benchmark prints (bench/swarm/percentiles.hpp).
#include <doctest/doctest.h>

#include "swarm/percentiles.hpp"
#include "swarm/worker_protocol.hpp"

using cb::swarm::WorkerCounters;

namespace {
WorkerCounters sample(std::uint64_t base, std::int64_t t) {
  WorkerCounters c;
  c.hellosSent = base + 1;
  c.registered = base + 2;
  c.reRegistrations = base + 3;
  c.heartbeatsSent = base + 4;
  c.heartbeatAcks = base + 5;
  c.tasksReceived = base + 6;
  c.resultsSent = base + 7;
  c.errorsReceived = base + 8;
  c.sendRefused = base + 9;
  c.allRegisteredNs = t + 10;
  c.firstTaskNs = t + 11;
  c.lastTaskNs = t + 12;
  c.agents = base + 13;
  return c;
}
}  // namespace

TEST_CASE("counters survive the line format field by field") {
  auto c = sample(100, 5'000'000'000);
  auto line = cb::swarm::formatCounters(c);
  CHECK(line.rfind("counters ", 0) == 0);
  auto back = cb::swarm::parseCounters(line);
  REQUIRE(back.has_value());
  CHECK(back->hellosSent == 101);
  CHECK(back->registered == 102);
  CHECK(back->reRegistrations == 103);
  CHECK(back->heartbeatsSent == 104);
  CHECK(back->heartbeatAcks == 105);
  CHECK(back->tasksReceived == 106);
  CHECK(back->resultsSent == 107);
  CHECK(back->errorsReceived == 108);
  CHECK(back->sendRefused == 109);
  CHECK(back->allRegisteredNs == 5'000'000'010);
  CHECK(back->firstTaskNs == 5'000'000'011);
  CHECK(back->lastTaskNs == 5'000'000'012);
  CHECK(back->agents == 113);
}

TEST_CASE("malformed counters lines are rejected") {
  auto line = cb::swarm::formatCounters(sample(0, 0));
  CHECK_FALSE(cb::swarm::parseCounters(line + " 7").has_value());  // a word too many
  CHECK_FALSE(cb::swarm::parseCounters(line.substr(0, line.rfind(' '))).has_value());  // one short
  CHECK_FALSE(cb::swarm::parseCounters("welcomes 0").has_value());
  CHECK_FALSE(cb::swarm::parseCounters("counters 1 2 x 4 5 6 7 8 9 10 11 12 13").has_value());
  CHECK_FALSE(cb::swarm::parseCounters("").has_value());
}

TEST_CASE("welcome times survive the line format, zeros included") {
  std::vector<std::int64_t> ns{0, 42, 9'000'000'000'000, 0};
  auto back = cb::swarm::parseWelcomes(cb::swarm::formatWelcomes(ns));
  REQUIRE(back.has_value());
  CHECK(*back == ns);
  auto empty = cb::swarm::parseWelcomes(cb::swarm::formatWelcomes({}));
  REQUIRE(empty.has_value());
  CHECK(empty->empty());
  CHECK_FALSE(cb::swarm::parseWelcomes("welcomes 3 1 2").has_value());  // fewer than announced
  CHECK_FALSE(cb::swarm::parseWelcomes("welcomes 1 1 2").has_value());  // more than announced
  CHECK_FALSE(cb::swarm::parseWelcomes("counters 1 1").has_value());
}

TEST_CASE("adding workers' counters: sums, latest and earliest times") {
  auto a = sample(0, 1000);
  auto b = sample(10, 2000);
  a.add(b);
  CHECK(a.hellosSent == 1 + 11);
  CHECK(a.agents == 13 + 23);
  CHECK(a.allRegisteredNs == 2010);  // all registered only when the later worker was
  CHECK(a.firstTaskNs == 1011);      // the earlier first task
  CHECK(a.lastTaskNs == 2012);       // the later last task

  SUBCASE("a worker not fully registered leaves the sum not fully registered") {
    auto c = sample(0, 1000);
    c.allRegisteredNs = 0;
    a.add(c);
    CHECK(a.allRegisteredNs == 0);
  }
  SUBCASE("a worker without tasks does not make the first task time 0") {
    auto c = sample(0, 1000);
    c.firstTaskNs = 0;
    c.lastTaskNs = 0;
    a.add(c);
    CHECK(a.firstTaskNs == 1011);
    CHECK(a.lastTaskNs == 2012);
  }
}

TEST_CASE("nearest-rank percentiles of 20 values") {
  std::vector<double> v;
  for (int i = 20; i >= 1; --i) v.push_back(i);  // any order
  auto s = cb::swarm::summarize(v);
  CHECK(s.count == 20);
  CHECK(s.p50 == 10);
  CHECK(s.p95 == 19);
  CHECK(s.p99 == 20);
  CHECK(s.min == 1);
  CHECK(s.max == 20);
  CHECK(s.mean == doctest::Approx(10.5));
}
