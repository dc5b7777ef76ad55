#include "session/resend_schedule.hpp"

#include <algorithm>

namespace cb::agent {

void ResendSchedule::sent(const std::string& id, Clock::time_point now) {
  auto it = entries_.find(id);
  if (it == entries_.end()) {
    entries_.emplace(id, Entry{now + first_, first_});
    return;
  }
  it->second.wait = std::min(it->second.wait * 2, max_);
  it->second.next = now + it->second.wait;
}

void ResendSchedule::forget(const std::string& id) {
  entries_.erase(id);
}

std::vector<std::string> ResendSchedule::due(Clock::time_point now) const {
  std::vector<std::string> out;
  for (const auto& [id, e] : entries_) {
    if (e.next <= now) out.push_back(id);
  }
  return out;
}

}  // namespace cb::agent
