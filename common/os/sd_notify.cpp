#include "os/sd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "util/asio.hpp"

namespace cb::os {

SdNotifier SdNotifier::fromEnvironment() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  SdNotifier n(socket ? socket : "");
  n.watchdog_ = parseWatchdog(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"),
                              static_cast<long>(::getpid()));
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
  return n;
}

std::optional<std::chrono::microseconds> parseWatchdog(const char* usec, const char* pid,
                                                       long self) {
  if (!usec || !*usec) return std::nullopt;
  if (pid && *pid) {
    char* end = nullptr;
    long p = std::strtol(pid, &end, 10);
    if (*end != '\0' || p != self) return std::nullopt;
  }
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(usec, &end, 10);
  if (*end != '\0' || errno != 0 || v == 0 || usec[0] == '-') return std::nullopt;
  return std::chrono::microseconds(static_cast<std::chrono::microseconds::rep>(v));
}

Status SdNotifier::notify(std::string_view state) const {
  if (socket_.empty()) return okStatus();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_.size() >= sizeof(addr.sun_path) || (socket_[0] != '/' && socket_[0] != '@')) {
    return fail("NOTIFY_SOCKET '" + socket_ + "' is not an absolute path or an @abstract name");
  }
  std::memcpy(addr.sun_path, socket_.data(), socket_.size());
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_.size());
  if (socket_[0] == '@') {
    addr.sun_path[0] = '\0';  // abstract namespace: the name is exactly the remaining bytes
  } else {
    len += 1;  // include the terminating NUL of a path
  }
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::string("sd_notify: socket: ") + std::strerror(errno));
  ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                          reinterpret_cast<sockaddr*>(&addr), len);
  int err = errno;
  ::close(fd);
  if (sent < 0) return fail("sd_notify to " + socket_ + ": " + std::strerror(err));
  if (static_cast<std::size_t>(sent) != state.size()) {
    return fail("sd_notify to " + socket_ + ": short datagram");
  }
  return okStatus();
}

Status SdNotifier::ready(std::string_view text) const {
  if (text.empty()) return notify("READY=1");
  std::string s = "READY=1\nSTATUS=";
  for (char c : text) s += c == '\n' ? ' ' : c;
  return notify(s);
}

Status SdNotifier::status(std::string_view text) const {
  std::string s = "STATUS=";
  for (char c : text) s += c == '\n' ? ' ' : c;
  return notify(s);
}

struct WatchdogPinger::Timer {
  explicit Timer(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
};

WatchdogPinger::WatchdogPinger(boost::asio::io_context& io, const SdNotifier& notifier)
    : notifier_(notifier), timer_(std::make_unique<Timer>(io)) {
  if (notifier_.enabled() && notifier_.watchdogInterval()) arm();
}

WatchdogPinger::~WatchdogPinger() {
  timer_->timer.cancel();
}

void WatchdogPinger::arm() {
  (void)notifier_.watchdog();
  timer_->timer.expires_after(*notifier_.watchdogInterval() / 2);
  timer_->timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) arm();
  });
}

}  // namespace cb::os
