#include "daemon/control_server.hpp"

#include <sys/stat.h>

#include "daemon/daemon_log.hpp"

namespace cb::controller {

ControlServer::ControlServer(boost::asio::io_context& io, zmq::context_t& zmq,
                             const ControlTable& table)
    : io_(io), zmq_(zmq), table_(table) {}

ControlServer::~ControlServer() = default;

Status ControlServer::bind(const std::string& endpoint) {
  try {
    zmq::socket_t ctl(zmq_, zmq::socket_type::router);
    wire::applyCommonOptions(ctl);
    ctl.set(zmq::sockopt::router_mandatory, 1);
    ctl.bind(endpoint);
    bound_ = wire::lastEndpoint(ctl);
    if (bound_.rfind("ipc://", 0) == 0) ::chmod(bound_.c_str() + 6, 0600);
    socket_ = std::make_unique<wire::LoopSocket>(
        io_, std::move(ctl), [this](wire::Frames&& f) { onFrames(std::move(f)); });
  } catch (const zmq::error_t& e) {
    return fail("cannot bind control endpoint " + endpoint + ": " + e.what() +
                " (is another controller running with this state dir?)");
  }
  return okStatus();
}

void ControlServer::stop() {
  socket_.reset();
}

void ControlServer::sendTo(const std::string& peer, const std::string& bytes) {
  if (peer.empty()) return;
  if (!socket_ || !socket_->send({peer, "", bytes})) {
    daemonLog()->debug("control client went away before its reply");
  }
}

void ControlServer::onFrames(wire::Frames&& frames) {
  // [peer, empty delimiter, request] as sent by a DEALER that mimics REQ framing.
  if (frames.size() != 3) return;
  ReplyHandle reply(*this, frames[0]);
  table_.handle(frames[2], reply);
  open_.add(reply);
}

}  // namespace cb::controller
