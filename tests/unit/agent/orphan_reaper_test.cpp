// Which children a subreaper sweep may reap (pure: made-up snapshots).
#include <doctest/doctest.h>

#include "tasks/orphan_reaper.hpp"

using cb::os::ProcStat;

TEST_CASE("a sweep reaps zombie orphans and leaves the runner's children to the runner") {
  const ProcStat self{10, 'S', 1, 10, 10, 1};
  std::vector<ProcStat> snapshot{
      self,
      {20, 'Z', 10, 20, 10, 2},  // a runner child (group leader, our session): not ours to reap
      {21, 'Z', 10, 20, 10, 3},  // an orphan of task group 20
      {22, 'Z', 10, 22, 22, 4},  // an orphan that called setsid()
      {23, 'S', 10, 20, 10, 5},  // a living orphan
      {24, 'Z', 30, 30, 10, 6},  // someone else's zombie
  };
  CHECK(cb::agent::orphansToReap(self, snapshot) == std::vector<int>{21, 22});
}
