#pragma once
// The systemd notification protocol (sd_notify(3)) without libsystemd: newline-separated
// "KEY=VALUE" assignments sent as one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET
// (a path, or an abstract name written with a leading '@'). Without a socket every call is a
// successful no-op, so daemons call it unconditionally.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::os {

/// Thread-safety: const methods may be called from any thread.
class SdNotifier {
 public:
  /// `socket` empty = disabled.
  explicit SdNotifier(std::string socket = {}) : socket_(std::move(socket)) {}

  /// Takes $NOTIFY_SOCKET and the watchdog settings ($WATCHDOG_USEC, honoured only when
  /// $WATCHDOG_PID is unset or this process) and removes all three from the environment, so
  /// child processes (benchmarks) never talk to systemd in the daemon's name. Call once, early
  /// in main(), before threads start.
  static SdNotifier fromEnvironment();

  bool enabled() const { return !socket_.empty(); }
  const std::string& socket() const { return socket_; }
  /// The interval systemd expects WATCHDOG=1 within; nullopt when the watchdog is off.
  std::optional<std::chrono::microseconds> watchdogInterval() const { return watchdog_; }

  /// Sends `state` as one datagram; an error names the socket and the errno text.
  Status notify(std::string_view state) const;

  Status ready(std::string_view status = {}) const;
  /// STATUS=<text>: a one-line summary shown by `systemctl status`. Newlines become spaces.
  Status status(std::string_view text) const;
  Status stopping() const { return notify("STOPPING=1"); }
  Status watchdog() const { return notify("WATCHDOG=1"); }

 private:
  std::string socket_;
  std::optional<std::chrono::microseconds> watchdog_;
};

/// Parses $WATCHDOG_USEC/$WATCHDOG_PID values: the interval when the watchdog applies to
/// process `self`. Pure.
std::optional<std::chrono::microseconds> parseWatchdog(const char* usec, const char* pid,
                                                       long self);

/// Sends WATCHDOG=1 at half the notifier's interval on `io` until destroyed. Does nothing when
/// the watchdog is off. Must be destroyed before `io`; use only on io's thread.
class WatchdogPinger {
 public:
  WatchdogPinger(boost::asio::io_context& io, const SdNotifier& notifier);
  ~WatchdogPinger();
  WatchdogPinger(const WatchdogPinger&) = delete;
  WatchdogPinger& operator=(const WatchdogPinger&) = delete;

 private:
  struct Timer;
  void arm();

  const SdNotifier& notifier_;
  std::unique_ptr<Timer> timer_;
};

}  // namespace cb::os
