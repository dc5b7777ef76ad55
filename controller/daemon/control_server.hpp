#pragma once
// The local control socket: a ROUTER on ipc://<stateDir>/control.sock (mode 0600) by default.
// Each request ([peer, "", bytes], REQ framing from a DEALER) goes through the ControlTable with a
// ReplyHandle bound to its peer; handles that are still open get keep-alives from keepAlive().
// Thread-safety: the controller loop only.
#include <memory>
#include <string>
#include <zmq.hpp>

#include "daemon/control_table.hpp"
#include "daemon/reply_handle.hpp"
#include "util/result.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::controller {

class ControlServer final : public ControlSink {
 public:
  ControlServer(boost::asio::io_context& io, zmq::context_t& zmq, const ControlTable& table);
  ~ControlServer() override;

  Status bind(const std::string& endpoint);
  void stop();
  std::string boundEndpoint() const { return bound_; }
  /// An empty progress line to every client still waiting for its final reply.
  void keepAlive() { open_.keepAlive(); }
  /// Clients waiting for a final reply.
  std::size_t waiting() { return open_.size(); }

  void sendTo(const std::string& peer, const std::string& bytes) override;

 private:
  void onFrames(wire::Frames&& frames);

  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  const ControlTable& table_;
  std::unique_ptr<wire::LoopSocket> socket_;
  std::string bound_;
  OpenReplies open_;
};

}  // namespace cb::controller
