#include "wire/zmq_socket.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "util/asio.hpp"

#include "wire/codec.hpp"

namespace cb::wire {
namespace asio = boost::asio;

namespace {
/// A message property libzmq attached (ZAP metadata); "" when absent.
std::string property(zmq::message_t& msg, const char* name) {
  const char* value = zmq_msg_gets(msg.handle(), name);
  return value ? std::string(value) : std::string();
}
}  // namespace

struct LoopSocket::Impl {
  explicit Impl(asio::io_context& io) : io(io), fd(io) {}
  asio::io_context& io;
  asio::posix::stream_descriptor fd;
  bool drainPosted = false;
};

LoopSocket::LoopSocket(asio::io_context& io, zmq::socket_t socket, Handler onMessage)
    : impl_(std::make_unique<Impl>(io)),
      socket_(std::move(socket)),
      onMessage_(std::move(onMessage)),
      alive_(std::make_shared<bool>(true)) {
  // ZMQ_FD belongs to libzmq: watch a duplicate so closing the descriptor never closes theirs.
  // Close-on-exec, as every descriptor the daemons hold: children must not inherit it.
  int fd = socket_.get(zmq::sockopt::fd);
  const int watched = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (watched < 0) throw std::system_error(errno, std::generic_category(), "dup of ZMQ_FD");
  impl_->fd.assign(watched);
  arm();
  // Messages may already be queued (the edge happened before we watched).
  asio::post(io, [this, alive = alive_] {
    if (*alive) drain();
  });
}

LoopSocket::LoopSocket(asio::io_context& io, zmq::socket_t socket, PeerHandler onMessage)
    : LoopSocket(io, std::move(socket), Handler{}) {
  onPeerMessage_ = std::move(onMessage);
}

LoopSocket::~LoopSocket() {
  *alive_ = false;
  boost::system::error_code ec;
  impl_->fd.cancel(ec);
  impl_->fd.close(ec);
}

void LoopSocket::arm() {
  impl_->fd.async_wait(asio::posix::stream_descriptor::wait_read,
                       [this, alive = alive_](const boost::system::error_code& ec) {
                         if (ec || !*alive) return;
                         drain();
                         if (*alive) arm();
                       });
}

void LoopSocket::setBatching(std::size_t maxPerDrain, std::function<void()> before,
                             std::function<void()> after) {
  maxPerDrain_ = maxPerDrain == 0 ? 1 : maxPerDrain;
  beforeBatch_ = std::move(before);
  afterBatch_ = std::move(after);
}

void LoopSocket::drain() {
  impl_->drainPosted = false;
  auto alive = alive_;
  auto after = afterBatch_;  // a handler may destroy this socket: keep what must run after
  std::size_t delivered = 0;
  // The loop ends on the cap (messages may be left) or on a ZMQ_EVENTS answer without POLLIN.
  // That query may spend the descriptor's edge, which is why nobody else may make it: anything
  // that arrives after it raises a new edge.
  bool atCap = false;
  while (*alive) {
    if (delivered >= maxPerDrain_) {
      atCap = true;
      break;
    }
    if (!(socket_.get(zmq::sockopt::events) & ZMQ_POLLIN)) break;
    Frames frames;
    Peer peer;
    do {
      zmq::message_t msg;
      if (!socket_.recv(msg, zmq::recv_flags::dontwait)) break;
      // A ROUTER makes the routing id frame itself; the frames read from the pipe carry the
      // connection's metadata.
      if (onPeerMessage_ && peer.userId.empty()) {
        peer.userId = property(msg, "User-Id");
        peer.address = property(msg, "Peer-Address");
      }
      frames.emplace_back(static_cast<const char*>(msg.data()), msg.size());
    } while (socket_.get(zmq::sockopt::rcvmore));
    if (frames.empty()) continue;
    if (delivered++ == 0 && beforeBatch_) beforeBatch_();
    if (onPeerMessage_) {
      onPeerMessage_(std::move(frames), std::move(peer));
    } else if (onMessage_) {
      onMessage_(std::move(frames));
    }
  }
  if (*alive) {
    backlog_ = atCap;
    // Stopped at the cap with messages left: the edge is spent, so go on in a posted drain.
    if (atCap && !impl_->drainPosted) {
      impl_->drainPosted = true;
      asio::post(impl_->io, [this, alive] {
        if (*alive) drain();
      });
    }
  }
  if (delivered > 0 && after) after();
}

bool LoopSocket::send(const Frames& frames) {
  bool ok = true;
  try {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      auto flags = zmq::send_flags::dontwait;
      if (i + 1 < frames.size()) flags = flags | zmq::send_flags::sndmore;
      if (!socket_.send(zmq::buffer(frames[i]), flags)) {
        ok = false;
        break;
      }
    }
  } catch (const zmq::error_t&) {
    ok = false;  // EHOSTUNREACH from ROUTER_MANDATORY: the peer is gone
  }
  if (!impl_->drainPosted) {
    impl_->drainPosted = true;
    asio::post(impl_->io, [this, alive = alive_] {
      if (*alive) drain();
    });
  }
  return ok;
}

void applyCommonOptions(zmq::socket_t& socket) {
  socket.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(kMaxMessageBytes));
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::sndhwm, 10000);
  socket.set(zmq::sockopt::rcvhwm, 10000);
}

std::string lastEndpoint(zmq::socket_t& socket) {
  return socket.get(zmq::sockopt::last_endpoint);
}

}  // namespace cb::wire
