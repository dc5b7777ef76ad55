// The real CommandRunner (over os::runSync) and how commands are displayed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "config/command_runner.hpp"
#include "support/process.hpp"

using namespace cb::agent::config;

TEST_CASE("the system runner runs argv and reports exit status and both streams") {
  auto runner = makeSystemCommandRunner(std::chrono::seconds(10));
  const auto result = runner->run({"sh", "-c", "echo out; echo err >&2; exit 3", "ignored"});
  CHECK(result.started);
  CHECK(result.exitCode == 3);
  CHECK_FALSE(result.ok());
  CHECK(result.out == "out\n");
  CHECK(result.err == "err\n");
  // argv words are passed as they are: no shell sees "$HOME; true".
  const auto literal = runner->run({"printf", "%s", "$HOME; true"});
  CHECK(literal.ok());
  CHECK(literal.out == "$HOME; true");

  const auto missing = runner->run({"cb-no-such-program"});
  CHECK_FALSE(missing.started);
  CHECK_FALSE(missing.ok());
  CHECK_FALSE(missing.err.empty());
}

TEST_CASE("the system runner kills a command at its timeout") {
  auto runner = makeSystemCommandRunner(std::chrono::milliseconds(300));
  const auto result = runner->run({"sleep", "10"});
  CHECK_FALSE(result.ok());
  CHECK(result.err.find("killed after the timeout") != std::string::npos);
}

TEST_CASE("available looks programs up in PATH") {
  auto runner = makeSystemCommandRunner();
  CHECK(runner->available("ip"));
  CHECK(runner->available("sh"));
  CHECK(runner->available("/bin/sh"));
  CHECK_FALSE(runner->available("cb-no-such-program"));
  cb::test::TempDir dir;
  const auto plain = dir.path() / "plain";
  std::ofstream(plain) << "#!/bin/sh\n";
  std::filesystem::permissions(plain, std::filesystem::perms(0644));
  CHECK_FALSE(runner->available(plain.string()));       // exists, not executable
  CHECK_FALSE(runner->available(dir.path().string()));  // a directory
  CHECK_FALSE(runner->available(""));
}

TEST_CASE("displayCommand quotes only what a reader could misread") {
  CHECK(displayCommand({"ip", "addr", "add", "192.168.0.1/24", "dev", "enp0s8"}) ==
        "ip addr add 192.168.0.1/24 dev enp0s8");
  CHECK(displayCommand({"dpkg-query", "-W", "-f=${Status}", "autofs"}) ==
        "dpkg-query -W '-f=${Status}' autofs");
  CHECK(displayCommand({"echo", "a b", "", "it's"}) == "echo 'a b' '' 'it'\\''s'");
}
