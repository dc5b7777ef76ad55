// /proc parsing (pure) and the real ProcessTable on this test process and a real zombie child.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "os/process_table.hpp"

TEST_CASE("a /proc stat line parses, whatever the command name holds") {
  // Field 22 (start time) is 4242; the name has spaces and a ") (" inside.
  auto s = cb::os::parseProcStat(
      "1234 (we ird) (name) S 17 1200 1100 34816 1234 4194304 100 0 0 0 5 3 0 0 20 0 1 0 4242 "
      "1000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
  REQUIRE_MESSAGE(s, s.error());
  CHECK(s->pid == 1234);
  CHECK(s->state == 'S');
  CHECK(s->ppid == 17);
  CHECK(s->pgrp == 1200);
  CHECK(s->session == 1100);
  CHECK(s->startTicks == 4242);
}

TEST_CASE("malformed stat lines are errors, not zeros") {
  CHECK_FALSE(cb::os::parseProcStat(""));
  CHECK_FALSE(cb::os::parseProcStat("12 sh S 1 2 3"));
  CHECK_FALSE(cb::os::parseProcStat("12 (sh) S 1 2 3 4"));  // cut short
  CHECK_FALSE(cb::os::parseProcStat("x (sh) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19"));
  CHECK_FALSE(cb::os::parseProcStat("12 (sh) S 1 2 z 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19"));
}

TEST_CASE("the real table sees this process, its environment and the boot id") {
  auto table = cb::os::makeProcessTable();
  auto self = table->stat(::getpid());
  REQUIRE(self);
  CHECK(self->pid == ::getpid());
  CHECK(self->ppid == ::getppid());
  CHECK(self->pgrp == ::getpgrp());
  CHECK(self->session == ::getsid(0));
  CHECK(self->startTicks > 0);
  auto all = table->list();
  CHECK(std::any_of(all.begin(), all.end(), [](const auto& p) { return p.pid == ::getpid(); }));
  // /proc/PID/environ is the environment at exec: look for one that is surely there.
  auto env = table->environment(::getpid());
  REQUIRE(env);
  CHECK(std::any_of(env->begin(), env->end(),
                    [](const auto& e) { return e.rfind("PATH=", 0) == 0; }));
  CHECK(table->bootId().size() == 36);
  CHECK_FALSE(table->stat(0));
  CHECK_FALSE(table->killGroup(1));
}

TEST_CASE("a zombie child keeps its group in /proc until it is reaped") {
  auto table = cb::os::makeProcessTable();
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::setpgid(0, 0);
    ::_exit(0);
  }
  ::setpgid(child, child);
  std::optional<cb::os::ProcStat> s;
  for (int i = 0; i < 200; ++i) {
    s = table->stat(child);
    if (s && s->state == 'Z') break;
    ::usleep(10000);
  }
  REQUIRE(s);
  CHECK(s->state == 'Z');
  CHECK(s->ppid == ::getpid());
  CHECK(s->pgrp == child);
  CHECK(table->reap(child));
  CHECK_FALSE(table->stat(child));
  CHECK_FALSE(table->reap(child));
}
