#pragma once
// One Boost.Asio loop on its own thread plus the ZeroMQ context of the sockets it drives: what
// a swarm worker runs its simulated agents (or bare DEALERs) on.
// Ownership: owns the loop, the thread and the context. stop() (or the destructor) runs the
// given cleanup on the loop thread, then stops the loop and joins the thread; the context is
// destroyed last, so every socket must be closed by that cleanup.
// Thread-safety: start()/post()/stop() from the owning thread; posted work runs on the loop.
#include <functional>
#include <memory>
#include <thread>
#include <zmq.hpp>

namespace boost::asio {
class io_context;
}

namespace cb::swarm {

class LoopThread {
 public:
  /// `maxSockets`: ZMQ_MAX_SOCKETS of the context (libzmq's default 1023 is too small).
  explicit LoopThread(int maxSockets);
  ~LoopThread();
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  boost::asio::io_context& io();
  zmq::context_t& zmq() { return zmq_; }

  /// Starts the thread running the loop; `first` runs on it before anything else.
  void start(std::function<void()> first);
  /// Runs `cleanup` on the loop thread, stops the loop and joins. Idempotent.
  void stop(std::function<void()> cleanup);

 private:
  struct Loop;
  zmq::context_t zmq_;
  std::unique_ptr<Loop> loop_;
  std::thread thread_;
};

}  // namespace cb::swarm
