#pragma once
// Where the answer to one control request goes: any number of progress lines, then exactly one
// final reply (an encoded ctl::Reply). A handler that answers later keeps the handle; copies
// share one state, so finishing through any copy finishes them all. A detached handle (automatic
// work without a client) drops everything. If the last copy of an attached handle goes away
// unfinished, the client gets an error reply instead of waiting forever.
// Thread-safety: the controller loop only.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cb::controller {

/// Sends encoded control replies to a client (the control socket; a fake in unit tests).
class ControlSink {
 public:
  virtual ~ControlSink() = default;
  virtual void sendTo(const std::string& peer, const std::string& bytes) = 0;
};

class ReplyHandle {
 public:
  ReplyHandle() = default;  // detached
  ReplyHandle(ControlSink& sink, std::string peer);

  bool attached() const { return state_ != nullptr; }
  /// True once finish() was called (always false for a detached handle).
  bool finished() const { return state_ && state_->finished; }
  /// A progress line the CLI prints ("" is a keep-alive it does not show). Ignored after finish().
  void progress(const std::string& line) const;
  /// The final reply; later calls are ignored.
  void finish(const std::string& bytes) const;

 private:
  friend class OpenReplies;
  struct State {
    ControlSink* sink = nullptr;
    std::string peer;
    bool finished = false;
    ~State();
  };
  std::shared_ptr<State> state_;
};

/// The attached handles still waiting for their final reply, kept alive with empty progress
/// lines so that a CLI can tell a long run (or apply, or suite) from a dead controller.
class OpenReplies {
 public:
  void add(const ReplyHandle& handle);
  /// Sends "" to every open handle; forgets the finished and the dropped ones.
  void keepAlive();
  /// Open handles (after forgetting the finished and dropped ones).
  std::size_t size();

 private:
  void prune();
  std::vector<std::weak_ptr<ReplyHandle::State>> open_;
};

}  // namespace cb::controller
