// The orted launcher: what it runs, where, with which HOME, and what it refuses.
#include <doctest/doctest.h>

#include "mpi/spawn_runner.hpp"

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

}  // namespace

TEST_CASE("spawn runner: orted runs in the work dir with HOME there (no shared file system)") {
  RecordingRunner runner;
  std::vector<std::pair<std::string, int>> exits;
  cb::agent::SpawnRunner spawns(
      runner, "/var/tmp/clusterbench/abc", [](const std::string&, int, const std::string&) {},
      [&](const std::string& id, int code, const std::string&) { exits.emplace_back(id, code); });
  spawns.start("sp1", {"orted", "-mca", "ess", "env"}, std::chrono::seconds(5));
  REQUIRE(runner.specs.size() == 1);
  CHECK(runner.specs[0].argv[0] == "orted");
  CHECK(runner.specs[0].cwd == "/var/tmp/clusterbench/abc");
  CHECK(runner.specs[0].env == std::vector<std::string>{"HOME=/var/tmp/clusterbench/abc"});
  CHECK(runner.specs[0].timeout == std::chrono::seconds(5));
  CHECK(exits == std::vector<std::pair<std::string, int>>{{"sp1", 0}});

  spawns.start("sp2", {"/bin/sh", "-c", "id"}, std::chrono::seconds(5));
  CHECK(runner.specs.size() == 1);  // refused, never started
  CHECK(exits.back() == std::pair<std::string, int>{"sp2", 255});
}

TEST_CASE("spawn runner: without a work dir orted inherits the agent's directory and HOME") {
  RecordingRunner runner;
  cb::agent::SpawnRunner spawns(
      runner, {}, [](const std::string&, int, const std::string&) {},
      [](const std::string&, int, const std::string&) {});
  spawns.start("sp1", {"/usr/bin/orted"}, std::chrono::seconds(1));
  REQUIRE(runner.specs.size() == 1);
  CHECK(runner.specs[0].cwd.empty());
  CHECK(runner.specs[0].env.empty());
}
