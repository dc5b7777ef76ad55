// TaskGroupLedger: records in a temp dir, processes from a made-up table (nothing is killed).
#include <doctest/doctest.h>

#include <map>

#include "os/atomic_file.hpp"
#include "support/process.hpp"
#include "tasks/task_group_ledger.hpp"

namespace {

using cb::os::ProcStat;

class FakeTable : public cb::os::ProcessTable {
 public:
  std::vector<ProcStat> processes;
  std::map<int, std::vector<std::string>> environments;
  std::string boot = "boot-a";
  std::vector<int> killed;

  std::vector<ProcStat> list() override { return processes; }
  std::optional<ProcStat> stat(int pid) override {
    for (const auto& p : processes) {
      if (p.pid == pid) return p;
    }
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> environment(int pid) override {
    auto it = environments.find(pid);
    if (it == environments.end()) return std::nullopt;
    return it->second;
  }
  std::string bootId() override { return boot; }
  cb::Status killGroup(int pgid) override {
    killed.push_back(pgid);
    return cb::okStatus();
  }
  std::vector<int> killedPids;
  cb::Status killProcess(int pid) override {
    killedPids.push_back(pid);
    return cb::okStatus();
  }
  bool reap(int) override { return false; }
};

}  // namespace

TEST_CASE("a task's group is recorded while it runs and forgotten when it ends") {
  cb::test::TempDir tmp;
  FakeTable table;
  table.processes = {{700, 'S', 1, 700, 1, 5555}};
  cb::agent::TaskGroupLedger ledger(tmp.path() / "running", table);
  ledger.track("t1", 700);
  auto text = cb::os::readFile(tmp.path() / "running" / "t1");
  REQUIRE(text);
  auto record = cb::agent::parseTaskGroupRecord(*text);
  REQUIRE(record);
  CHECK(record->pgid == 700);
  CHECK(record->leaderStartTicks == 5555);
  CHECK(record->bootId == "boot-a");
  // A leader already gone leaves the record as it was.
  ledger.track("t2", 701);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "running" / "t2"));
  ledger.release("t1");
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "running" / "t1"));
  ledger.release("t1");  // twice is fine
}

TEST_CASE("at start, groups still the task's are killed, others spared, every record removed") {
  cb::test::TempDir tmp;
  auto dir = tmp.path() / "running";
  std::filesystem::create_directories(dir);
  auto write = [&](const cb::agent::TaskGroupRecord& r) {
    REQUIRE(cb::os::writeFileAtomic(dir / r.taskId, cb::agent::formatTaskGroupRecord(r)));
  };
  write({"leader-alive", 100, 50, "boot-a"});
  write({"leader-dead", 200, 60, "boot-a"});
  write({"reused", 300, 70, "boot-a"});
  write({"gone", 400, 80, "boot-a"});
  write({"old-boot", 500, 90, "boot-z"});
  REQUIRE(cb::os::writeFileAtomic(dir / "damaged", "task=x\n"));
  REQUIRE(cb::os::writeFileAtomic(dir / "t9.tmp.123", "task=t9\n"));
  FakeTable table;
  table.processes = {
      {100, 'S', 1, 100, 1, 50},  {101, 'S', 100, 100, 1, 51},  // leader and its child
      {201, 'S', 1, 200, 1, 61},                                // orphan, marked below
      {300, 'S', 1, 300, 1, 900},                               // a stranger reusing 300
      {500, 'S', 1, 500, 1, 90},
  };
  table.environments = {{201, {"CB_TASK_ID=leader-dead"}}, {300, {"CB_TASK_ID=other"}}};
  cb::agent::TaskGroupLedger ledger(dir, table);
  auto outcomes = ledger.killLeftovers();
  CHECK(table.killed == std::vector<int>{100, 200});  // records in name order
  CHECK(table.killedPids.empty());
  REQUIRE(outcomes.size() == 6);
  std::map<std::string, cb::agent::LeftoverOutcome> byFile;
  for (const auto& o : outcomes) byFile[o.file] = o;
  CHECK(byFile["leader-alive"].verdict == cb::agent::LeftoverVerdict::kKill);
  CHECK(byFile["leader-alive"].members == std::vector<int>{100, 101});
  CHECK(byFile["leader-dead"].verdict == cb::agent::LeftoverVerdict::kKill);
  CHECK(byFile["reused"].verdict == cb::agent::LeftoverVerdict::kUnverified);
  CHECK(byFile["gone"].verdict == cb::agent::LeftoverVerdict::kGone);
  CHECK(byFile["old-boot"].verdict == cb::agent::LeftoverVerdict::kOtherBoot);
  CHECK(byFile["damaged"].problem == "unreadable record: no pgid");
  CHECK(std::filesystem::is_empty(dir));
  CHECK(ledger.killLeftovers().empty());
}

TEST_CASE("at start, a task's process that left its group (a daemon) is killed by its marker") {
  cb::test::TempDir tmp;
  auto dir = tmp.path() / "running";
  std::filesystem::create_directories(dir);
  REQUIRE(cb::os::writeFileAtomic(
      dir / "mpi-sp1", cb::agent::formatTaskGroupRecord({"mpi-sp1", 100, 50, "boot-a"})));
  FakeTable table;
  table.processes = {
      {120, 'S', 1, 120, 120, 55},  // orted --daemonize: its own session and group, the marker
      {121, 'S', 120, 120, 120, 56},  // a rank it started, in the daemon's group
      {130, 'S', 1, 130, 130, 40},    // marked, but older than the task's leader: a reused pid
      {140, 'S', 1, 140, 140, 60},    // started later, unmarked: someone else's
      {150, 'Z', 1, 150, 150, 70},    // marked zombie: dead already
      {160, 'S', 1, 160, 160, 80},    // another task's marker
  };
  table.environments = {{120, {"PATH=/bin", "CB_TASK_ID=mpi-sp1"}},
                        {121, {"CB_TASK_ID=mpi-sp1", "OMPI_COMM_WORLD_RANK=1"}},
                        {130, {"CB_TASK_ID=mpi-sp1"}},
                        {140, {"PATH=/bin"}},
                        {150, {"CB_TASK_ID=mpi-sp1"}},
                        {160, {"CB_TASK_ID=mpi-sp2"}}};
  cb::agent::TaskGroupLedger ledger(dir, table);
  auto outcomes = ledger.killLeftovers();
  REQUIRE(outcomes.size() == 1);
  // The leader's group is empty (gone), yet its escaped daemon and rank are killed one by one.
  CHECK(outcomes[0].verdict == cb::agent::LeftoverVerdict::kGone);
  CHECK(table.killed.empty());
  CHECK(outcomes[0].escaped == std::vector<int>{120, 121});
  CHECK(table.killedPids == std::vector<int>{120, 121});
  CHECK(std::filesystem::is_empty(dir));
}

TEST_CASE("a record of another boot kills no escaped process") {
  cb::test::TempDir tmp;
  auto dir = tmp.path() / "running";
  std::filesystem::create_directories(dir);
  REQUIRE(cb::os::writeFileAtomic(dir / "t1",
                                  cb::agent::formatTaskGroupRecord({"t1", 100, 50, "boot-z"})));
  FakeTable table;
  table.processes = {{120, 'S', 1, 120, 120, 55}};
  table.environments = {{120, {"CB_TASK_ID=t1"}}};
  cb::agent::TaskGroupLedger ledger(dir, table);
  auto outcomes = ledger.killLeftovers();
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].verdict == cb::agent::LeftoverVerdict::kOtherBoot);
  CHECK(outcomes[0].escaped.empty());
  CHECK(table.killedPids.empty());
}
