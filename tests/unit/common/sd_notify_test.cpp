// The sd_notify protocol against real AF_UNIX datagram sockets (a path and an abstract name).
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <random>

#include "os/sd_notify.hpp"
#include "support/process.hpp"
#include "util/asio.hpp"

namespace {

/// A bound datagram socket standing in for systemd's notification socket.
class Receiver {
 public:
  /// `name` is a path, or "@name" for the abstract namespace.
  explicit Receiver(const std::string& name) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, name.data(), name.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    if (name[0] == '@') addr.sun_path[0] = '\0';
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    timeval tv{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Receiver() { ::close(fd_); }

  /// The next datagram, or "" after a second without one.
  std::string next() {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
  }

 private:
  int fd_ = -1;
};

std::string abstractName() {
  std::random_device rd;
  return "@cb-sd-notify-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
}

}  // namespace

TEST_CASE("notifications arrive as single datagrams on a socket path") {
  cb::test::TempDir tmp;
  auto path = (tmp.path() / "notify.sock").string();
  Receiver rx(path);
  cb::os::SdNotifier n(path);
  CHECK(n.enabled());
  REQUIRE(n.ready("registered as node 42"));
  CHECK(rx.next() == "READY=1\nSTATUS=registered as node 42");
  REQUIRE(n.status("two\nlines"));
  CHECK(rx.next() == "STATUS=two lines");
  REQUIRE(n.stopping());
  CHECK(rx.next() == "STOPPING=1");
  REQUIRE(n.watchdog());
  CHECK(rx.next() == "WATCHDOG=1");
  REQUIRE(n.ready());
  CHECK(rx.next() == "READY=1");
}

TEST_CASE("an @name reaches the abstract namespace") {
  auto name = abstractName();
  Receiver rx(name);
  cb::os::SdNotifier n(name);
  REQUIRE(n.notify("READY=1"));
  CHECK(rx.next() == "READY=1");
}

TEST_CASE("without NOTIFY_SOCKET every call succeeds and sends nothing") {
  cb::os::SdNotifier n;
  CHECK_FALSE(n.enabled());
  CHECK(n.ready("x"));
  CHECK(n.stopping());
}

TEST_CASE("a socket nobody listens on is an error naming it") {
  cb::test::TempDir tmp;
  auto path = (tmp.path() / "absent.sock").string();
  auto s = cb::os::SdNotifier(path).ready();
  REQUIRE_FALSE(s);
  CHECK(s.error().find(path) != std::string::npos);
  auto bad = cb::os::SdNotifier("relative.sock").ready();
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("relative.sock") != std::string::npos);
}

TEST_CASE("fromEnvironment takes the socket and the watchdog and clears them for children") {
  auto name = abstractName();
  Receiver rx(name);
  ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "200000", 1);
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  auto n = cb::os::SdNotifier::fromEnvironment();
  CHECK(n.socket() == name);
  REQUIRE(n.watchdogInterval());
  CHECK(n.watchdogInterval()->count() == 200000);
  CHECK(std::getenv("NOTIFY_SOCKET") == nullptr);
  CHECK(std::getenv("WATCHDOG_USEC") == nullptr);
  CHECK(std::getenv("WATCHDOG_PID") == nullptr);

  // The pinger sends at once and then every half interval (100 ms here): about five pings in
  // 450 ms; at least three even on a loaded machine.
  boost::asio::io_context io;
  {
    cb::os::WatchdogPinger pinger(io, n);
    io.run_for(std::chrono::milliseconds(450));
  }
  int pings = 0;
  for (std::string m = rx.next(); !m.empty() && pings < 10; m = rx.next()) {
    CHECK(m == "WATCHDOG=1");
    ++pings;
  }
  CHECK(pings >= 3);
  CHECK(pings <= 5);
}

TEST_CASE("the watchdog applies only to the process systemd named") {
  using cb::os::parseWatchdog;
  CHECK(parseWatchdog("5000000", nullptr, 7)->count() == 5000000);
  CHECK(parseWatchdog("5000000", "7", 7)->count() == 5000000);
  CHECK_FALSE(parseWatchdog("5000000", "8", 7));
  CHECK_FALSE(parseWatchdog(nullptr, "7", 7));
  CHECK_FALSE(parseWatchdog("0", nullptr, 7));
  CHECK_FALSE(parseWatchdog("12x", nullptr, 7));
  CHECK_FALSE(parseWatchdog("-5", nullptr, 7));
}
