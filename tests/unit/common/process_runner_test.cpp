// The process runner with real child processes.
#include <doctest/doctest.h>
#include <signal.h>

#include "os/process_runner.hpp"
#include "util/asio.hpp"

using namespace std::chrono_literals;

TEST_CASE("output lines are streamed and the exit status and rusage are reported") {
  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  std::vector<std::string> lines;
  cb::os::ProcessExit exit;
  cb::os::ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo one; echo two >&2; printf three; exit 3"};
  runner->start(
      spec, [&](cb::os::Stream, const std::string& l) { lines.push_back(l); },
      [&](const cb::os::ProcessExit& e) { exit = e; });
  io.run();
  CHECK(exit.started);
  CHECK(exit.exitCode == 3);
  CHECK(exit.out == "one\nthree");
  CHECK(exit.err == "two\n");
  CHECK(lines.size() == 3);
  CHECK(exit.wallSeconds >= 0);
}

TEST_CASE("a timeout kills the whole process group") {
  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  cb::os::ProcessExit exit;
  cb::os::ProcessSpec spec;
  // The grandchild (sleep) holds stdout: only a group kill ends the run quickly.
  spec.argv = {"sh", "-c", "sleep 30 & sleep 30; echo never"};
  spec.timeout = 300ms;
  auto t0 = std::chrono::steady_clock::now();
  runner->start(spec, nullptr, [&](const cb::os::ProcessExit& e) { exit = e; });
  io.run();
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
  CHECK(exit.timedOut);
  CHECK(exit.exitCode == -SIGTERM);
  CHECK(exit.out.empty());
}

TEST_CASE("cancel stops a running child") {
  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  cb::os::ProcessExit exit;
  cb::os::ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  auto h = runner->start(spec, nullptr, [&](const cb::os::ProcessExit& e) { exit = e; });
  boost::asio::steady_timer t(io, 100ms);
  t.async_wait([&](auto) { h->cancel(); });
  io.run();
  CHECK(exit.cancelled);
  CHECK(exit.exitCode < 0);
}

TEST_CASE("a missing executable is reported, not crashed on") {
  auto exit = cb::os::runSync({"/nonexistent/tool", "--flag"});
  CHECK_FALSE(exit.started);
  CHECK(exit.error.find("cannot execute /nonexistent/tool") != std::string::npos);
}

TEST_CASE("arguments reach the child verbatim, never through a shell") {
  auto exit = cb::os::runSync({"printf", "%s|", "a b", "$(id)", ";rm -rf /"});
  CHECK(exit.exitCode == 0);
  CHECK(exit.out == "a b|$(id)|;rm -rf /|");
}

TEST_CASE("output beyond the cap is dropped and flagged") {
  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  cb::os::ProcessExit exit;
  cb::os::ProcessSpec spec;
  spec.argv = {"head", "-c", "100000", "/dev/zero"};
  spec.outputCap = 1000;
  runner->start(spec, nullptr, [&](const cb::os::ProcessExit& e) { exit = e; });
  io.run();
  CHECK(exit.out.size() == 1000);
  CHECK(exit.truncated);
}
