// RunProgress: per-node lines for small runs; for large ones counts, at most one line per
// interval, the newest counts on flush and at once for the last result.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "orchestrator/run_progress.hpp"

using cb::controller::RunProgress;
using namespace std::chrono_literals;

TEST_CASE("run progress: a small run gets a line per node event") {
  std::vector<std::string> lines;
  RunProgress p(2, 100ms, [&](const std::string& l) { lines.push_back(l); });
  auto t = RunProgress::Clock::time_point{} + 1h;
  p.started("node02", "sysbench cpu run", t);
  p.started("node03", "sysbench cpu run", t);
  p.finished("node02", "succeeded", t);
  p.finished("node03", "failed (exit 1)", t);
  p.flush(t + 1s);
  CHECK(lines == std::vector<std::string>{"node02: started sysbench cpu run",
                                          "node03: started sysbench cpu run", "node02: succeeded",
                                          "node03: failed (exit 1)"});
}

TEST_CASE("run progress: a large run gets coalesced counts, bounded per interval") {
  std::vector<std::string> lines;
  const std::size_t n = 1000;
  RunProgress p(n, 100ms, [&](const std::string& l) { lines.push_back(l); });
  auto t0 = RunProgress::Clock::time_point{} + 1h;
  // 1,000 starts within 50 ms: one line (the first), not 1,000.
  for (std::size_t i = 0; i < n; ++i) p.started("n" + std::to_string(i), "noop", t0 + 50us * i);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "0/1000 finished, 1 running");
  // Flush before the interval: nothing; after it: the newest counts.
  p.flush(t0 + 60ms);
  CHECK(lines.size() == 1);
  p.flush(t0 + 100ms);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "0/1000 finished, 1000 running");
  p.flush(t0 + 300ms);  // nothing new: nothing sent
  CHECK(lines.size() == 2);
  // 999 results over one second: about ten lines, never two within 100 ms.
  auto t1 = t0 + 1s;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    p.finished("n" + std::to_string(i), i == 3 ? "failed (exit 1)" : "succeeded", t1 + 1ms * i);
  }
  CHECK(lines.size() >= 10);
  CHECK(lines.size() <= 13);
  // The last result shows at once, whatever the interval.
  p.finished("n999", "lost (no heartbeat)", t1 + 999ms);
  CHECK(lines.back() == "1000/1000 finished: 1 failed, 1 lost, 998 succeeded");
  CHECK(p.finishedCount() == n);
}
