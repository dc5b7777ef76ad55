// An agent killed with SIGKILL mid-benchmark leaves nothing running (issue 12). The benchmark
// is a stand-in for stress-ng, first on the agent's PATH, that forks workers ignoring SIGHUP and
// SIGTERM, one of them orphaned (so the agent, a child subreaper, inherits it) and one short-
// lived orphan (which the agent must reap), and one daemon that leaves the task's process group
// with setsid (as `orted --daemonize` does). Checked: the run ends within a few heartbeats with
// the node lost; the benchmark's first process dies with the agent (PR_SET_PDEATHSIG) while its
// workers live on; the agent restarted on the same state dir kills the recorded process group
// and the daemon by its task marker before it connects, and no process of the benchmark is left.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>

#include <thread>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "os/process_table.hpp"
#include "tasks/task_group_record.hpp"

using cb::test::LocalCluster;
using cb::test::waitFor;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFakeStressNg = R"(#!/bin/sh
# Stands in for stress-ng: workers that ignore SIGHUP and SIGTERM and outlive their parent.
trap '' HUP TERM
# Children get a minimal environment: the results go to ../fake beside this script's directory.
d="$(dirname "$0")/../fake"
echo $$ > "$d/leader"
sleep 300 &
echo $! > "$d/worker"
( sleep 300 & echo $! > "$d/orphan" )
( sleep 1 & echo $! > "$d/short" )
# A daemon, as orted --daemonize: its own session and process group, out of the task's group.
setsid sleep 300 &
echo $! > "$d/daemon"
touch "$d/ready"
wait
)";

/// The benchmark's processes as first seen; kills whichever of them is still the same process
/// when the test ends, however it ends.
struct Benchmark {
  std::unique_ptr<cb::os::ProcessTable> table = cb::os::makeProcessTable();
  std::map<std::string, cb::os::ProcStat> seen;

  ~Benchmark() {
    for (const auto& [name, s] : seen) {
      if (alive(name)) ::kill(s.pid, SIGKILL);
    }
  }
  void see(const std::filesystem::path& dir, const std::string& name) {
    auto text = cb::os::readFile(dir / name);
    REQUIRE(text);
    int pid = std::stoi(*text);
    auto s = table->stat(pid);
    REQUIRE_MESSAGE(s, std::string(name + " (pid " + *text + ") is not running"));
    seen[name] = *s;
  }
  const cb::os::ProcStat& operator[](const std::string& name) { return seen.at(name); }
  /// Still running (not a zombie), and still the process first seen, not a reused pid.
  bool alive(const std::string& name) {
    const auto& first = seen.at(name);
    auto now = table->stat(first.pid);
    return now && now->state != 'Z' && now->startTicks == first.startTicks;
  }
  int livingInGroup(int pgid) {
    int n = 0;
    for (const auto& p : table->list()) n += p.pgrp == pgid && p.state != 'Z' ? 1 : 0;
    return n;
  }
};

}  // namespace

TEST_CASE("an agent killed mid-benchmark: node lost at once, leftovers killed at its restart") {
  LocalCluster c;
  auto fakeBin = c.dir() / "fake-bin";
  auto fakeDir = c.dir() / "fake";
  std::filesystem::create_directories(fakeBin);
  std::filesystem::create_directories(fakeDir);
  REQUIRE(cb::os::writeFileAtomic(fakeBin / "stress-ng", kFakeStressNg, 0755));
  const char* path = std::getenv("PATH");
  const LocalCluster::AgentExtras extras{
      {"PATH=" + fakeBin.string() + ":" + (path ? path : "/usr/bin:/bin")},
      {"--run-as", "root"}};
  c.startAgent(0, "", LocalCluster::Enroll::kToken, extras);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), std::string(c.controllerLog() + c.agentLog(0)));
  const pid_t agentPid = c.agent(0).pid();

  cb::test::CommandResult run;
  std::thread runner([&] {
    run = c.cli({"run", "-b", "stress-ng-cpu", "-p", "time=120", "--json"}, 60s);
  });
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join{runner};

  Benchmark bench;
  REQUIRE_MESSAGE(waitFor([&] { return std::filesystem::exists(fakeDir / "ready"); }, 20s),
                  c.agentLog(0));
  for (const char* name : {"leader", "worker", "orphan", "short"}) bench.see(fakeDir, name);
  REQUIRE_MESSAGE(waitFor([&] { return std::filesystem::exists(fakeDir / "daemon"); }, 5s),
                  "the daemon did not start");
  REQUIRE(waitFor(
      [&] {
        auto text = cb::os::readFile(fakeDir / "daemon");
        auto s = text && !text->empty() ? bench.table->stat(std::stoi(*text)) : std::nullopt;
        return s && s->session == s->pid;  // setsid done (it may run a moment after the fork)
      },
      5s));
  bench.see(fakeDir, "daemon");
  const int pgid = bench["leader"].pid;
  CHECK(bench["leader"].pgrp == pgid);
  CHECK(bench["worker"].pgrp == pgid);
  // The orphan's parent (a subshell) is gone: the agent, a subreaper, is its parent now.
  CHECK(bench["orphan"].pgrp == pgid);
  CHECK(bench["daemon"].pgrp != pgid);  // out of the group: a group kill misses it
  CHECK(bench.table->stat(bench["orphan"].pid)->ppid == agentPid);
  // The short-lived orphan is reaped by the agent, not left a zombie.
  CHECK_MESSAGE(waitFor([&] { return !bench.table->stat(bench["short"].pid); }, 5s),
                "orphan " << bench["short"].pid << " not reaped");

  // The real agent's child holds no descriptor of the agent's (sockets, state files): only
  // stdin, the two output pipes and the shell's own descriptor of its script. Its environment is
  // the minimal one, not the agent's (whose PATH starts with the fake bin).
  const auto procDir = std::filesystem::path("/proc") / std::to_string(bench["leader"].pid);
  for (const auto& e : std::filesystem::directory_iterator(procDir / "fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(e.path(), ec).string();
    const int fd = std::stoi(e.path().filename().string());
    if (ec) continue;  // closed meanwhile
    if (fd == 0) {
      CHECK(target == "/dev/null");
    } else if (fd <= 2) {
      CHECK_MESSAGE(target.rfind("pipe:", 0) == 0, fd << " -> " << target);
    } else {
      CHECK_MESSAGE(target == (fakeBin / "stress-ng").string(), fd << " -> " << target);
    }
  }
  auto childEnv = cb::os::readFile(procDir / "environ");
  REQUIRE(childEnv);
  CHECK(childEnv->find("PATH=/usr/sbin:/usr/bin:/sbin:/bin") != std::string::npos);
  CHECK(childEnv->find(fakeBin.string()) == std::string::npos);

  // The running task's group is on disk, with the leader's start time.
  auto records = c.agentStateDir(0) / "running";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(records)) files.push_back(e.path());
  REQUIRE(files.size() == 1);
  auto record = cb::agent::parseTaskGroupRecord(*cb::os::readFile(files[0]));
  REQUIRE_MESSAGE(record, record.error());
  CHECK(record->pgid == pgid);
  CHECK(record->leaderStartTicks == bench["leader"].startTicks);
  CHECK(record->bootId == bench.table->bootId());

  const auto killedAt = std::chrono::steady_clock::now();
  c.killAgent(0);
  // The first process dies with the agent; the workers ignore everything but SIGKILL.
  CHECK_MESSAGE(waitFor([&] { return !bench.alive("leader"); }, 5s), "PDEATHSIG did not kill it");
  CHECK(bench.alive("worker"));
  CHECK(bench.alive("orphan"));
  CHECK(bench.alive("daemon"));

  runner.join();
  auto took = std::chrono::steady_clock::now() - killedAt;
  // Heartbeats every 300 ms, lost after 3 missed: seconds, not the two-minute benchmark.
  CHECK(took < 10s);
  REQUIRE_MESSAGE(run.exitCode != 0, std::string(run.out + run.err));
  auto result = nlohmann::json::parse(run.out);
  REQUIRE(result["results"].size() == 1);
  CHECK(result["results"][0]["status"] == "lost");
  CHECK(std::filesystem::exists(files[0]));

  // The restarted agent kills the recorded group before it connects.
  c.startAgent(0, "", LocalCluster::Enroll::kToken, extras);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), std::string(c.controllerLog() + c.agentLog(0)));
  CHECK_MESSAGE(waitFor(
                    [&] {
                      return !bench.alive("worker") && !bench.alive("orphan") &&
                             !bench.alive("daemon");
                    },
                    5s),
                c.agentLog(0));
  CHECK(bench.livingInGroup(pgid) == 0);
  CHECK(std::filesystem::is_empty(records));
  CHECK(c.agentLog(0).find("killed process group " + std::to_string(pgid)) != std::string::npos);
  CHECK(c.agentLog(0).find("outside its process group: killed pids " +
                           std::to_string(bench["daemon"].pid)) != std::string::npos);
}
