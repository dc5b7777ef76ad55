#pragma once
// A ZeroMQ socket driven by a Boost.Asio io_context (DESIGN §8): readiness from ZMQ_FD, which is
// edge-triggered, so every wake-up drains until ZMQ_EVENTS has no POLLIN, and every send is
// followed by a posted drain (a send can consume the edge).
// Thread-safety: all calls on the io_context's thread only.
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace boost::asio {
class io_context;
}

namespace cb::wire {

/// One multipart message: for a ROUTER, frame 0 is the peer routing id.
using Frames = std::vector<std::string>;

class LoopSocket {
 public:
  using Handler = std::function<void(Frames&&)>;

  /// The sender as libzmq authenticated it: the ZAP handler's user id ("User-Id") and the peer's
  /// address ("Peer-Address"); both empty when the socket has no ZAP handler.
  struct Peer {
    std::string userId;
    std::string address;
  };
  using PeerHandler = std::function<void(Frames&&, Peer&&)>;

  /// Takes ownership of `socket` (already configured and bound/connected).
  LoopSocket(boost::asio::io_context& io, zmq::socket_t socket, Handler onMessage);
  /// Same, and every message comes with the metadata of the connection it arrived on.
  LoopSocket(boost::asio::io_context& io, zmq::socket_t socket, PeerHandler onMessage);
  ~LoopSocket();
  LoopSocket(const LoopSocket&) = delete;
  LoopSocket& operator=(const LoopSocket&) = delete;

  /// Sends all frames as one message without blocking; false when the peer/queue refuses
  /// (EAGAIN at the high-water mark, or an unroutable ROUTER id with ROUTER_MANDATORY).
  bool send(const Frames& frames);

  /// The socket, for options and sends only: a ZMQ_EVENTS query on it can spend the edge the
  /// loop waits for (see setBatching).
  zmq::socket_t& raw() { return socket_; }

  /// Batches: each drain of the socket delivers at most `maxPerDrain` messages, then yields to
  /// the loop (other sockets and timers run) and goes on in a later drain, so one busy socket
  /// cannot starve the others. `before` runs before the first message of a drain and `after`
  /// after its last (also when a handler destroyed this socket), so a caller can group the
  /// work of one batch (one store commit per batch). Hooks must not query ZMQ_EVENTS on raw():
  /// that query can spend the descriptor's edge and leave messages unread; use backlogged().
  void setBatching(std::size_t maxPerDrain, std::function<void()> before = {},
                   std::function<void()> after = {});

  /// Whether the last drain stopped at its cap, with messages possibly still queued (a later
  /// drain is posted for them). Answered without touching the socket.
  bool backlogged() const { return backlog_; }

 private:
  void arm();
  void drain();

  struct Impl;
  std::unique_ptr<Impl> impl_;
  zmq::socket_t socket_;
  Handler onMessage_;
  PeerHandler onPeerMessage_;
  std::shared_ptr<bool> alive_;
  std::size_t maxPerDrain_ = 1024;
  std::function<void()> beforeBatch_;
  std::function<void()> afterBatch_;
  bool backlog_ = false;
};

/// Applies the options every socket shares: max message size, linger, high-water marks.
void applyCommonOptions(zmq::socket_t& socket);

/// Endpoint actually bound (resolves port 0 / wildcard), from ZMQ_LAST_ENDPOINT.
std::string lastEndpoint(zmq::socket_t& socket);

}  // namespace cb::wire
