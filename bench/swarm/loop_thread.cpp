#include "loop_thread.hpp"

#include <optional>

#include "util/asio.hpp"

namespace cb::swarm {
namespace asio = boost::asio;

struct LoopThread::Loop {
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      asio::make_work_guard(io)};
};

LoopThread::LoopThread(int maxSockets) : zmq_(1), loop_(std::make_unique<Loop>()) {
  zmq_.set(zmq::ctxopt::max_sockets, maxSockets);
}

LoopThread::~LoopThread() {
  stop({});
}

asio::io_context& LoopThread::io() {
  return loop_->io;
}

void LoopThread::start(std::function<void()> first) {
  asio::post(loop_->io, std::move(first));
  thread_ = std::thread([this] { loop_->io.run(); });
}

void LoopThread::stop(std::function<void()> cleanup) {
  if (!thread_.joinable()) return;
  asio::post(loop_->io, [this, cleanup = std::move(cleanup)] {
    if (cleanup) cleanup();
    loop_->work.reset();
    loop_->io.stop();
  });
  thread_.join();
}

}  // namespace cb::swarm
