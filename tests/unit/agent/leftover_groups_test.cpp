// The rule that decides, at the agent's start, whether a recorded process group is still the
// task's (pure: made-up process snapshots).
#include <doctest/doctest.h>

#include "tasks/leftover_groups.hpp"

using cb::agent::GroupMember;
using cb::agent::LeftoverVerdict;
using cb::os::ProcStat;

namespace {
const cb::agent::TaskGroupRecord kRecord{"t1", 500, 10000, "boot-a"};

GroupMember member(int pid, int pgrp, std::uint64_t start, bool marked = false, char state = 'S') {
  return GroupMember{ProcStat{pid, state, 1, pgrp, 400, start}, marked};
}
}  // namespace

TEST_CASE("the leader alive with its recorded start time proves the group") {
  CHECK(judgeLeftover(kRecord, "boot-a", {member(500, 500, 10000), member(501, 500, 10001)}) ==
        LeftoverVerdict::kKill);
}

TEST_CASE("with the leader gone, a marked member started after it proves the group") {
  CHECK(judgeLeftover(kRecord, "boot-a", {member(501, 500, 10001, true)}) ==
        LeftoverVerdict::kKill);
  // Same start tick as the leader: forked within the same tick.
  CHECK(judgeLeftover(kRecord, "boot-a", {member(502, 500, 10000, true)}) ==
        LeftoverVerdict::kKill);
}

TEST_CASE("a reused group id is left alone") {
  // Pid 500 again, but a process started later: the old group died and the id came round.
  CHECK(judgeLeftover(kRecord, "boot-a", {member(500, 500, 20000)}) ==
        LeftoverVerdict::kUnverified);
  // Unmarked members only.
  CHECK(judgeLeftover(kRecord, "boot-a", {member(501, 500, 20000), member(502, 500, 20001)}) ==
        LeftoverVerdict::kUnverified);
  // A marked member older than the recorded leader cannot descend from it.
  CHECK(judgeLeftover(kRecord, "boot-a", {member(501, 500, 9999, true)}) ==
        LeftoverVerdict::kUnverified);
}

TEST_CASE("nothing alive, or another boot, means nothing to kill") {
  CHECK(judgeLeftover(kRecord, "boot-a", {}) == LeftoverVerdict::kGone);
  // Zombies are dead already.
  CHECK(judgeLeftover(kRecord, "boot-a", {member(500, 500, 10000, true, 'Z')}) ==
        LeftoverVerdict::kGone);
  // Members of another group do not count.
  CHECK(judgeLeftover(kRecord, "boot-a", {member(600, 600, 10000, true)}) ==
        LeftoverVerdict::kGone);
  CHECK(judgeLeftover(kRecord, "boot-b", {member(500, 500, 10000)}) == LeftoverVerdict::kOtherBoot);
}

TEST_CASE("living members and the task marker are picked out") {
  std::vector<ProcStat> snapshot{{500, 'Z', 1, 500, 400, 1},
                                 {501, 'S', 1, 500, 400, 2},
                                 {502, 'R', 501, 500, 400, 3},
                                 {600, 'S', 1, 600, 400, 4}};
  auto living = cb::agent::livingMembers(500, snapshot);
  REQUIRE(living.size() == 2);
  CHECK(living[0].pid == 501);
  CHECK(living[1].pid == 502);
  CHECK(cb::agent::carriesTaskMarker({"PATH=/bin", "CB_TASK_ID=t1"}, "t1"));
  CHECK_FALSE(cb::agent::carriesTaskMarker({"CB_TASK_ID=t10"}, "t1"));
  CHECK_FALSE(cb::agent::carriesTaskMarker({"X_CB_TASK_ID=t1"}, "t1"));
}
