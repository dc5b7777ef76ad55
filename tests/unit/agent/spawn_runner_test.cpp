// The orted launcher: the word-by-word check before anything runs, what it runs (orted from the
// system path as the MPI user), where, with which HOME, and the process-group ledger.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "mpi/spawn_runner.hpp"
#include "os/run_as.hpp"
#include "support/orted_fixture.hpp"
#include "support/process.hpp"
#include "tasks/task_group_ledger.hpp"
#include "util/asio.hpp"

namespace {

/// Records the specs it is asked to start; exits each child at once with code 0.
struct RecordingRunner : cb::os::ProcessRunner {
  std::vector<cb::os::ProcessSpec> specs;
  std::shared_ptr<cb::os::ProcessHandle> start(const cb::os::ProcessSpec& spec,
                                               cb::os::LineCallback,
                                               cb::os::ExitCallback onExit) override {
    specs.push_back(spec);
    cb::os::ProcessExit e;
    e.started = true;
    onExit(e);
    return nullptr;
  }
};

/// Remembers what the runner tells the ledger, in order.
struct RecordingTracker : cb::agent::TaskGroupTracker {
  std::vector<std::string> calls;
  void track(const std::string& id, int) override { calls.push_back("track " + id); }
  void release(const std::string& id) override { calls.push_back("release " + id); }
};

const std::vector<std::string> kMaster{"127.0.0.1"};

cb::os::RunAs mpiUser() {
  cb::os::RunAs who;
  who.name = "clusterbench-mpi";
  who.uid = 999;
  who.gid = 995;
  who.groups = {995};
  return who;
}

struct Exits {
  std::vector<std::pair<std::string, int>> codes;
  std::vector<std::string> messages;
  cb::agent::SpawnRunner::ExitFn fn() {
    return [this](const std::string& id, int code, const std::string& message) {
      codes.emplace_back(id, code);
      messages.push_back(message);
    };
  }
};

void ignoreOutput(const std::string&, int, const std::string&) {}

}  // namespace

TEST_CASE("spawn runner: a recorded orted launch runs orted from the system path as the MPI user") {
  RecordingRunner runner;
  RecordingTracker ledger;
  Exits exits;
  cb::agent::SpawnRunner spawns(runner,
                                cb::agent::SpawnEnv{"/var/tmp/clusterbench/abc/.mpi-home",
                                                    "/usr/bin/orted", mpiUser(), "", &ledger},
                                ignoreOutput, exits.fn());
  auto argv = cb::test::recordedLaunch("orted_loopback_node1.txt").argv;
  spawns.start("sp1", argv, kMaster, std::chrono::seconds(5));
  REQUIRE(runner.specs.size() == 1);
  const auto& spec = runner.specs[0];
  CHECK(spec.argv[0] == "/usr/bin/orted");
  // The recorded launch asks orted to daemonize: it runs attached instead, every other word as is.
  REQUIRE(argv.at(1) == "--daemonize");
  auto expected = std::vector<std::string>(argv.begin() + 2, argv.end());
  CHECK(std::vector<std::string>(spec.argv.begin() + 1, spec.argv.end()) == expected);
  CHECK(spec.uid == 999);
  CHECK(spec.gid == 995);
  CHECK(spec.groups == std::vector<int>{995});
  CHECK(spec.cwd == "/var/tmp/clusterbench/abc/.mpi-home");
  CHECK(spec.env ==
        std::vector<std::string>{"HOME=/var/tmp/clusterbench/abc/.mpi-home", "CB_TASK_ID=mpi-sp1"});
  CHECK(spec.timeout == std::chrono::seconds(5));
  CHECK(exits.codes == std::vector<std::pair<std::string, int>>{{"sp1", 0}});
  // The recording runner exits the child inside start(): released, never tracked as running.
  CHECK(ledger.calls == std::vector<std::string>{"release mpi-sp1"});
}

TEST_CASE("spawn runner: anything but the job's orted launch is refused naming the word") {
  RecordingRunner runner;
  Exits exits;
  cb::agent::SpawnRunner spawns(runner, cb::agent::SpawnEnv{"", "/usr/bin/orted", mpiUser()},
                                ignoreOutput, exits.fn());
  auto argv = cb::test::recordedLaunch("orted_loopback_node2.txt").argv;
  auto extraKey = argv;
  extraKey.insert(extraKey.end(), {"-mca", "orte_launch_agent", "/bin/sh"});
  auto shell = argv;
  shell[0] = "/bin/sh";
  auto chained = argv;
  chained[0] = "orted; rm";
  auto foreign = cb::test::withMcaValue(argv, "orte_hnp_uri", "1.0;tcp://198.18.0.9:4000");
  auto noPort = cb::test::withMcaValue(argv, "orte_hnp_uri", "1.0;tcp://127.0.0.1");
  struct Case {
    std::vector<std::string> argv;
    std::string word;
  };
  for (const auto& k : std::vector<Case>{{extraKey, "orte_launch_agent"},
                                         {shell, "/bin/sh"},
                                         {chained, "orted; rm"},
                                         {foreign, "1.0;tcp://198.18.0.9:4000"},
                                         {noPort, "1.0;tcp://127.0.0.1"},
                                         {{"sh", "-c", "id"}, "sh"}}) {
    spawns.start("sp1", k.argv, kMaster, std::chrono::seconds(5));
    CHECK(runner.specs.empty());  // never started
    REQUIRE(!exits.codes.empty());
    CHECK(exits.codes.back() == std::pair<std::string, int>{"sp1", 255});
    CHECK_MESSAGE(exits.messages.back().find("'" + k.word + "'") != std::string::npos,
                  exits.messages.back());
  }
  // The same launch for another master is refused too: the addresses come with the request.
  spawns.start("sp2", argv, {"198.18.0.1"}, std::chrono::seconds(5));
  CHECK(runner.specs.empty());
  // A spawn id that cannot name a ledger record.
  spawns.start("../x", argv, kMaster, std::chrono::seconds(5));
  CHECK(runner.specs.empty());
}

TEST_CASE("spawn runner: without the MPI user or without orted every launch is refused") {
  RecordingRunner runner;
  Exits exits;
  auto argv = cb::test::recordedLaunch("orted_loopback_node1.txt").argv;
  cb::agent::SpawnRunner noUser(
      runner,
      cb::agent::SpawnEnv{"", "/usr/bin/orted", {}, "MPI user missing: no user 'clusterbench-mpi'"},
      ignoreOutput, exits.fn());
  noUser.start("sp1", argv, kMaster, std::chrono::seconds(5));
  CHECK(runner.specs.empty());
  CHECK(exits.messages.back().find("no user 'clusterbench-mpi'") != std::string::npos);
  cb::agent::SpawnRunner noOrted(runner, cb::agent::SpawnEnv{"", "", mpiUser()}, ignoreOutput,
                                 exits.fn());
  noOrted.start("sp1", argv, kMaster, std::chrono::seconds(5));
  CHECK(runner.specs.empty());
  CHECK(exits.messages.back().find("orted is not installed") != std::string::npos);
}

TEST_CASE("orted is looked up in the system path only") {
  CHECK(cb::os::findInSystemPath("orted") == "/usr/bin/orted");  // Debian's openmpi-bin
  CHECK(cb::os::findInSystemPath("sh") == "/usr/bin/sh");
  CHECK(cb::os::findInSystemPath("/bin/sh").empty());
  CHECK(cb::os::findInSystemPath("../bin/sh").empty());
  CHECK(cb::os::findInSystemPath("no-such-program-here").empty());
  CHECK(cb::os::findInSystemPath("").empty());
}

TEST_CASE("spawn runner: a real launch runs as the MPI user, its group in the ledger meanwhile") {
  REQUIRE_MESSAGE(::geteuid() == 0, "switching to the MPI user needs root");
  auto who = cb::os::lookupRunAs("clusterbench-mpi");
  REQUIRE_MESSAGE(who, who.error());
  CHECK(who->groups == std::vector<int>{who->gid});
  cb::test::TempDir tmp;
  ::chmod(tmp.path().c_str(), 0711);
  auto home = tmp.path() / ".mpi-home";
  std::filesystem::create_directories(home);
  REQUIRE(::chown(home.c_str(), who->uid, who->gid) == 0);
  // Stands in for orted: says who and where it runs.
  auto fake = tmp.path() / "orted";
  std::ofstream(fake) << "#!/bin/sh\nid -u; id -g; id -G; pwd; echo \"$HOME\"\n";
  ::chmod(fake.c_str(), 0755);

  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  auto table = cb::os::makeProcessTable();
  cb::agent::TaskGroupLedger ledger(tmp.path() / "running", *table);
  std::string out;
  Exits exits;
  cb::agent::SpawnRunner spawns(
      *runner, cb::agent::SpawnEnv{home, fake.string(), *who, "", &ledger},
      [&](const std::string&, int, const std::string& data) { out += data; }, exits.fn());
  spawns.start("sp7", cb::test::recordedLaunch("orted_loopback_node1.txt").argv, kMaster,
               std::chrono::seconds(10));
  CHECK(std::filesystem::exists(tmp.path() / "running" / "mpi-sp7"));
  io.run();
  REQUIRE(exits.codes == std::vector<std::pair<std::string, int>>{{"sp7", 0}});
  const auto id = std::to_string(who->uid), gid = std::to_string(who->gid);
  CHECK(out == id + "\n" + gid + "\n" + gid + "\n" + home.string() + "\n" + home.string() + "\n");
  // Released once it exited.
  CHECK(std::filesystem::is_empty(tmp.path() / "running"));
}
