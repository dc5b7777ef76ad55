#pragma once
// Progress lines of one run for the CLI that started it. A run of up to kPerNodeLinesUpTo nodes
// gets a line per node event ("host: started ...", "host: succeeded"); a larger one gets counts
// instead ("412/1000 finished: 410 succeeded, 2 failed"), at most one line per `interval`, the
// newest counts sent by flush() (the controller's sweep) once the interval has passed. So the
// work per result is O(1) and a CLI sees at most about 1/interval lines a second.
// Pure: time comes in as arguments. Thread-safety: the controller loop only.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace cb::controller {

class RunProgress {
 public:
  using Clock = std::chrono::steady_clock;
  using Emit = std::function<void(const std::string& line)>;
  static constexpr std::size_t kPerNodeLinesUpTo = 16;

  RunProgress(std::size_t nodes, std::chrono::milliseconds interval, Emit emit);

  /// A node's task started; `text` is the agent's description of it (its command line).
  void started(const std::string& host, const std::string& text, Clock::time_point now);
  /// A node's task ended; `text` starts with its status word (succeeded, failed, lost, ...),
  /// optionally followed by " (why)".
  void finished(const std::string& host, const std::string& text, Clock::time_point now);
  /// Sends the newest counts if some were not sent yet and the interval has passed.
  void flush(Clock::time_point now);

  std::size_t finishedCount() const { return finished_; }

 private:
  bool perNode() const { return nodes_ <= kPerNodeLinesUpTo; }
  void maybeSend(Clock::time_point now);
  std::string countsLine() const;

  std::size_t nodes_;
  std::chrono::milliseconds interval_;
  Emit emit_;
  std::size_t started_ = 0, finished_ = 0;
  std::map<std::string, std::size_t> byStatus_;
  bool dirty_ = false;
  bool everSent_ = false;
  Clock::time_point lastSent_{};
};

}  // namespace cb::controller
