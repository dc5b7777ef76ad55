#pragma once
// When to send an unacknowledged result again while the link stays up. A controller that could
// not store a result (disk full, I/O error) acknowledges nothing and asks for nothing: the
// agent sends each result again after `first`, then after twice as long each time, up to `max`,
// until its acknowledgement arrives. A re-registration re-sends everything anyway (and counts
// as a send). Pure logic: the caller passes the time in.
// Thread-safety: none; one owner (the session).
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace cb::agent {

class ResendSchedule {
 public:
  using Clock = std::chrono::steady_clock;
  ResendSchedule(std::chrono::milliseconds first, std::chrono::milliseconds max)
      : first_(first), max_(max) {}

  /// `id` was sent now: the first send starts at `first`; every later one doubles the wait.
  void sent(const std::string& id, Clock::time_point now);
  /// Acknowledged (or dropped): never due again.
  void forget(const std::string& id);
  /// Ids whose wait has passed, in id order.
  std::vector<std::string> due(Clock::time_point now) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Clock::time_point next;
    std::chrono::milliseconds wait;
  };
  std::chrono::milliseconds first_;
  std::chrono::milliseconds max_;
  std::map<std::string, Entry> entries_;
};

}  // namespace cb::agent
