#pragma once
// The agents' side of the bare-ZeroMQ reference: N CURVE DEALERs (each with its own key pair,
// no ZAP on the other side) connected to one ROUTER. Each sends one 1-frame "ready" message
// (queued until its handshake is done: no ZMQ_IMMEDIATE) and then answers every 1-frame
// request with a 1-frame reply, at once, on the loop thread. Nothing else: no envelope, no
// store, no registry — the floor the controller's round trip is compared against.
// Ownership: owns the sockets and their loop thread; the destructor closes them.
// Thread-safety: start()/stop() from the driving thread; the sockets live on the loop thread.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "loop_thread.hpp"
#include "wire/curve_keys.hpp"

namespace cb::wire {
class LoopSocket;
}

namespace cb::swarm {

class BareDealers {
 public:
  /// Prepares `count` key pairs; nothing is connected yet.
  explicit BareDealers(std::size_t count);
  ~BareDealers();
  BareDealers(const BareDealers&) = delete;
  BareDealers& operator=(const BareDealers&) = delete;

  /// Connects every DEALER to `endpoint` (server key `serverKey`, Z85). Returns at once.
  void start(const std::string& endpoint, const std::string& serverKey);
  /// Closes every socket and joins the loop thread. Idempotent.
  void stop();

 private:
  std::vector<wire::KeyPair> keys_;
  std::unique_ptr<LoopThread> loop_;
  std::vector<std::unique_ptr<wire::LoopSocket>> sockets_;  // loop thread only
};

}  // namespace cb::swarm
