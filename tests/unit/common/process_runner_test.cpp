// The process runner with real child processes.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <zmq.hpp>

#include "os/process_runner.hpp"
#include "util/asio.hpp"
#include "wire/zmq_socket.hpp"

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

namespace {

cb::os::ProcessExit runToEnd(const cb::os::ProcessSpec& spec) {
  boost::asio::io_context io;
  auto runner = cb::os::makeProcessRunner(io);
  cb::os::ProcessExit exit;
  runner->start(spec, nullptr, [&](const cb::os::ProcessExit& e) { exit = e; });
  io.run();
  return exit;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

namespace {

std::set<int> openDescriptors() {
  std::set<int> fds;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    fds.insert(std::stoi(e.path().filename().string()));
  }
  return fds;
}

}  // namespace

TEST_CASE("the descriptor a loop socket watches is close-on-exec") {
  boost::asio::io_context io;
  zmq::context_t ctx;
  zmq::socket_t socket(ctx, zmq::socket_type::pull);
  socket.bind("tcp://127.0.0.1:*");
  const auto before = openDescriptors();
  cb::wire::LoopSocket watched(io, std::move(socket), cb::wire::LoopSocket::Handler{});
  int added = 0;
  for (int fd : openDescriptors()) {
    if (before.count(fd)) continue;
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0) continue;  // the directory listing's own descriptor, closed by now
    ++added;
    CHECK_MESSAGE((flags & FD_CLOEXEC) != 0, "descriptor " << fd << " is inherited by children");
  }
  CHECK(added >= 1);
}

TEST_CASE("a child inherits no descriptor but stdin, stdout and stderr") {
  // Descriptors the parent holds: a ZeroMQ socket watched by the loop (its ZMQ_FD duplicate),
  // a file opened without close-on-exec, a pipe with it.
  boost::asio::io_context io;
  zmq::context_t ctx;
  zmq::socket_t socket(ctx, zmq::socket_type::pull);
  socket.bind("tcp://127.0.0.1:*");
  cb::wire::LoopSocket watched(io, std::move(socket), cb::wire::LoopSocket::Handler{});
  const int file = ::open("/proc/self/status", O_RDONLY);  // not close-on-exec
  REQUIRE(file >= 0);
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);

  cb::os::ProcessSpec spec;
  // The shell lists its own descriptors: whatever exec passed on.
  spec.argv = {"sh", "-c", "ls /proc/$$/fd"};
  auto exit = runToEnd(spec);
  ::close(file);
  ::close(fds[0]);
  ::close(fds[1]);
  REQUIRE(exit.started);
  CHECK(exit.exitCode == 0);
  CHECK(linesOf(exit.out) == std::vector<std::string>{"0", "1", "2"});
}

TEST_CASE("a child sees only the minimal environment plus what the spec sets") {
  ::setenv("CB_TEST_PARENT_SECRET", "leaked", 1);
  cb::os::ProcessSpec spec;
  spec.argv = {"env"};
  spec.env = {"CB_TASK_ID=t9", "LANG=C"};
  auto exit = runToEnd(spec);
  REQUIRE(exit.started);
  auto vars = linesOf(exit.out);
  std::sort(vars.begin(), vars.end());
  passwd* pw = ::getpwuid(::geteuid());
  REQUIRE(pw != nullptr);
  CHECK(vars == std::vector<std::string>{"CB_TASK_ID=t9", std::string("HOME=") + pw->pw_dir,
                                         "LANG=C", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"});
  CHECK(exit.out.find("CB_TEST_PARENT_SECRET") == std::string::npos);

  spec.environment = cb::os::ChildEnvironment::kInherit;
  auto inherited = runToEnd(spec);
  CHECK(inherited.out.find("CB_TEST_PARENT_SECRET=leaked\n") != std::string::npos);
  ::unsetenv("CB_TEST_PARENT_SECRET");
}

TEST_CASE("a child dropped to another user gets that user's home") {
  REQUIRE_MESSAGE(::geteuid() == 0, "switching user needs root");
  passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  cb::os::ProcessSpec spec;
  spec.argv = {"env"};
  spec.uid = static_cast<int>(nobody->pw_uid);
  spec.gid = static_cast<int>(nobody->pw_gid);
  const std::string home = std::string("HOME=") + nobody->pw_dir;
  auto exit = runToEnd(spec);
  REQUIRE(exit.started);
  auto vars = linesOf(exit.out);
  CHECK(std::find(vars.begin(), vars.end(), home) != vars.end());
}
