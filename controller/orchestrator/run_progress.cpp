#include "orchestrator/run_progress.hpp"

#include <algorithm>
#include <utility>

namespace cb::controller {

RunProgress::RunProgress(std::size_t nodes, std::chrono::milliseconds interval, Emit emit)
    : nodes_(nodes), interval_(interval), emit_(std::move(emit)) {}

void RunProgress::started(const std::string& host, const std::string& text, Clock::time_point now) {
  ++started_;
  if (perNode()) return emit_(host + ": started " + text);
  dirty_ = true;
  maybeSend(now);
}

void RunProgress::finished(const std::string& host, const std::string& text,
                           Clock::time_point now) {
  ++finished_;
  ++byStatus_[text.substr(0, text.find(' '))];
  if (perNode()) return emit_(host + ": " + text);
  dirty_ = true;
  // The last result always shows at once: the run's reply follows right after.
  if (finished_ >= nodes_) {
    dirty_ = false;
    everSent_ = true;
    lastSent_ = now;
    return emit_(countsLine());
  }
  maybeSend(now);
}

void RunProgress::flush(Clock::time_point now) {
  if (!perNode()) maybeSend(now);
}

void RunProgress::maybeSend(Clock::time_point now) {
  if (!dirty_ || (everSent_ && now - lastSent_ < interval_)) return;
  dirty_ = false;
  everSent_ = true;
  lastSent_ = now;
  emit_(countsLine());
}

std::string RunProgress::countsLine() const {
  std::string line = std::to_string(finished_) + "/" + std::to_string(nodes_) + " finished";
  if (finished_ < nodes_)
    line += ", " + std::to_string(started_ - std::min(started_, finished_)) + " running";
  const char* sep = ": ";
  for (const auto& [status, n] : byStatus_) {
    line += sep + std::to_string(n) + " " + status;
    sep = ", ";
  }
  return line;
}

}  // namespace cb::controller
