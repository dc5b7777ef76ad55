// Task process group records: the text written to the state dir and back.
#include <doctest/doctest.h>

#include "tasks/task_group_record.hpp"

using cb::agent::TaskGroupRecord;

TEST_CASE("a record survives formatting and parsing") {
  TaskGroupRecord r{"run7-node2-t3", 4321, 987654321, "25d7c0da-38e9-4818-a358-5e306977a2e1"};
  auto text = cb::agent::formatTaskGroupRecord(r);
  CHECK(text ==
        "task=run7-node2-t3\npgid=4321\nleader-start=987654321\n"
        "boot-id=25d7c0da-38e9-4818-a358-5e306977a2e1\n");
  auto back = cb::agent::parseTaskGroupRecord(text);
  REQUIRE_MESSAGE(back, back.error());
  CHECK(back->taskId == r.taskId);
  CHECK(back->pgid == r.pgid);
  CHECK(back->leaderStartTicks == r.leaderStartTicks);
  CHECK(back->bootId == r.bootId);
}

TEST_CASE("a truncated or damaged record is an error naming what is wrong") {
  auto error = [](std::string_view text) { return cb::agent::parseTaskGroupRecord(text).error(); };
  CHECK(error("") == "no task");
  CHECK(error("task=t\npgid=12\nleader-start=5\n") == "no boot-id");
  CHECK(error("task=t\npgid=12x\nleader-start=5\nboot-id=b\n") == "bad pgid '12x'");
  CHECK(error("task=t\npgid=1\nleader-start=5\nboot-id=b\n") == "bad pgid 1");
  CHECK(error("task=t\npgid=-7\nleader-start=5\nboot-id=b\n") == "bad pgid -7");
  CHECK(error("task=t\npgid=12\nleader-start=\nboot-id=b\n") == "no leader-start");
  CHECK(error("task=t\ngarbage\n") == "bad line 'garbage'");
}
