// TaskExecution with real child processes and a test-only benchmark: steps, input files,
// output file, cleanup after failure, scratch removal, privilege drop, missing tool.
#include <doctest/doctest.h>
#include <pwd.h>
#include <unistd.h>

#include <fstream>

#include "support/process.hpp"
#include "tasks/task_execution.hpp"
#include "tasks/task_group_ledger.hpp"
#include "util/asio.hpp"

namespace {

/// Steps given by the test; parse() returns the output's length as one sample.
class ScriptBench : public cb::bench::Benchmark {
 public:
  explicit ScriptBench(cb::bench::Invocation inv) : inv_(std::move(inv)) {}
  std::string name() const override { return "script"; }
  std::string description() const override { return "test"; }
  std::vector<cb::bench::ParamSpec> params() const override { return {}; }
  std::chrono::milliseconds defaultTimeout() const override { return std::chrono::seconds(10); }
  std::vector<std::string> build(const cb::bench::Params&) const override { return {}; }
  cb::bench::Invocation invocation(const cb::bench::Params&) const override { return inv_; }
  cb::Result<cb::bench::Samples> parse(const std::string& out,
                                       const cb::bench::Params&) const override {
    if (out.empty()) return cb::fail("empty output");
    return cb::bench::Samples{{"text", 0, out, {}}};
  }

 private:
  cb::bench::Invocation inv_;
};

cb::agent::TaskOutcome execute(const cb::bench::Invocation& inv, const cb::agent::ExecutionEnv& env,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  ScriptBench bench(inv);
  cb::agent::TaskOutcome out;
  auto exec = std::make_shared<cb::agent::TaskExecution>(
      *runner, bench, cb::bench::Params{}, "t1", timeout, env, nullptr,
      [&](const cb::agent::TaskOutcome& o) { out = o; });
  exec->start();
  io.run();
  return out;
}

}  // namespace

TEST_CASE("steps run in the scratch dir with input files; the output file is parsed") {
  cb::test::TempDir tmp;
  cb::bench::Invocation inv;
  inv.files["input.txt"] = "hello";
  inv.steps = {{{"sh", "-c", "cat input.txt > result.txt; echo ignored"}, false, false},
               {{"sh", "-c", "printf ' world' >> result.txt"}, false, false}};
  inv.outputFile = "result.txt";
  auto o = execute(inv, {tmp.path(), -1, -1});
  CHECK_MESSAGE(o.status == cb::agent::TaskStatus::kSucceeded, o.message);
  REQUIRE(o.samples.size() == 1);
  CHECK(o.samples[0].unit == "hello world");
  CHECK(o.rawOutput == "hello world");
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "t1"));  // scratch removed
}

TEST_CASE("a failing step skips the rest but cleanup steps still run") {
  cb::test::TempDir tmp;
  auto marker = tmp.path() / "cleaned";
  cb::bench::Invocation inv;
  inv.steps = {{{"sh", "-c", "echo boom >&2; exit 4"}, true, false},
               {{"sh", "-c", "touch never"}, true, false},
               {{"touch", marker.string()}, false, true}};
  auto o = execute(inv, {tmp.path(), -1, -1});
  CHECK(o.status == cb::agent::TaskStatus::kFailed);
  CHECK(o.exitCode == 4);
  CHECK(o.message == "sh exited with status 4: boom");
  CHECK(std::filesystem::exists(marker));
  CHECK(o.samples.empty());
}

TEST_CASE("a missing tool is a clear error, not a zero") {
  cb::test::TempDir tmp;
  cb::bench::Invocation inv;
  inv.steps = {{{"iozone-not-here", "-a"}, true, false}};
  auto o = execute(inv, {tmp.path(), -1, -1});
  CHECK(o.status == cb::agent::TaskStatus::kFailed);
  CHECK(o.message.find("iozone-not-here not installed") == 0);
}

TEST_CASE("the overall timeout covers every step") {
  cb::test::TempDir tmp;
  cb::bench::Invocation inv;
  inv.steps = {{{"sleep", "0.3"}, false, false}, {{"sleep", "30"}, true, false}};
  auto o = execute(inv, {tmp.path(), -1, -1}, std::chrono::milliseconds(800));
  CHECK(o.status == cb::agent::TaskStatus::kTimedOut);
  CHECK(o.wallSeconds < 5);
}

TEST_CASE("benchmarks drop to the unprivileged user unless they need root") {
  REQUIRE_MESSAGE(::geteuid() == 0, "the privilege drop needs root");
  passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  cb::test::TempDir tmp;
  ::chmod(tmp.path().c_str(), 0711);
  cb::agent::ExecutionEnv env{tmp.path(), static_cast<int>(nobody->pw_uid),
                              static_cast<int>(nobody->pw_gid)};
  cb::bench::Invocation inv;
  inv.steps = {{{"sh", "-c", "id -u; touch written-as-nobody"}, true, false}};
  auto dropped = execute(inv, env);
  CHECK_MESSAGE(dropped.status == cb::agent::TaskStatus::kSucceeded, dropped.message);
  CHECK(dropped.rawOutput == std::to_string(nobody->pw_uid) + "\n");
  inv.needsRoot = true;
  auto root = execute(inv, env);
  CHECK(root.rawOutput == "0\n");
}

TEST_CASE("MPI benchmarks run as the MPI user in a scratch dir it owns, never as root") {
  REQUIRE_MESSAGE(::geteuid() == 0, "switching to the MPI user needs root");
  auto who = cb::os::lookupRunAs("clusterbench-mpi");
  REQUIRE_MESSAGE(who, who.error());
  passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  cb::test::TempDir tmp;
  ::chmod(tmp.path().c_str(), 0711);
  cb::agent::ExecutionEnv env{tmp.path(), static_cast<int>(nobody->pw_uid),
                              static_cast<int>(nobody->pw_gid)};
  env.mpiUser = *who;
  cb::bench::Invocation inv;
  inv.mpiUser = true;
  inv.files["hpccinf.txt"] = "input";
  // As mpirun's rank 0 does: reads its input, writes its output file into the scratch dir.
  inv.steps = {
      {{"sh", "-c",
        "id -u > hpccoutf.txt; stat -c %U . >> hpccoutf.txt; cat hpccinf.txt >> hpccoutf.txt"},
       false,
       false}};
  inv.outputFile = "hpccoutf.txt";
  auto o = execute(inv, env);
  CHECK_MESSAGE(o.status == cb::agent::TaskStatus::kSucceeded, o.message);
  CHECK(o.rawOutput == std::to_string(who->uid) + "\nclusterbench-mpi\ninput");

  env.mpiUserProblem = "MPI user missing: no user 'clusterbench-mpi' on this node";
  auto refused = execute(inv, env);
  CHECK(refused.status == cb::agent::TaskStatus::kFailed);
  CHECK(refused.message == env.mpiUserProblem);
}

namespace {
/// Remembers what TaskExecution reports, in order.
struct RecordingTracker : cb::agent::TaskGroupTracker {
  std::vector<std::string> calls;
  void track(const std::string& taskId, int pgid) override {
    calls.push_back("track " + taskId + " " + (::getpgid(pgid) == pgid ? "leader" : "?"));
  }
  void release(const std::string& taskId) override { calls.push_back("release " + taskId); }
};
}  // namespace

TEST_CASE("every step carries CB_TASK_ID and its process group is tracked until the task ends") {
  cb::test::TempDir tmp;
  cb::bench::Invocation inv;
  inv.steps = {{{"sh", "-c", "echo \"$CB_TASK_ID\""}},
               {{"sh", "-c", "echo $(( $(ps -o pgid= -p $$) == $$ ))"}}};
  RecordingTracker tracker;
  cb::agent::ExecutionEnv env{tmp.path(), -1, -1};
  env.groups = &tracker;
  auto o = execute(inv, env);
  CHECK_MESSAGE(o.status == cb::agent::TaskStatus::kSucceeded, o.message);
  CHECK(o.rawOutput == "t1\n1\n");
  CHECK(tracker.calls ==
        std::vector<std::string>{"track t1 leader", "track t1 leader", "release t1"});
}

TEST_CASE("an output file that is a symlink is refused: nothing outside reaches the results") {
  cb::test::TempDir tmp;
  const auto secret = tmp.path() / "shadow";
  std::ofstream(secret) << "root:$6$hash:19000:0:99999:7:::\n";
  cb::bench::Invocation inv;
  inv.steps = {{{"ln", "-s", secret.string(), "result.txt"}, false, false}};
  inv.outputFile = "result.txt";
  auto o = execute(inv, {tmp.path(), -1, -1});
  CHECK(o.status == cb::agent::TaskStatus::kFailed);
  CHECK(o.message.find("result.txt") != std::string::npos);
  CHECK(o.message.find("symlink") != std::string::npos);
  CHECK(o.rawOutput.find("root:") == std::string::npos);
  CHECK(o.samples.empty());
}
