#include "bare_dealers.hpp"

#include "wire/zmq_socket.hpp"

namespace cb::swarm {

BareDealers::BareDealers(std::size_t count)
    : loop_(std::make_unique<LoopThread>(static_cast<int>(count + 64))) {
  keys_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) keys_.push_back(wire::generateKeyPair());
}

BareDealers::~BareDealers() {
  stop();
}

void BareDealers::start(const std::string& endpoint, const std::string& serverKey) {
  loop_->start([this, endpoint, serverKey] {
    sockets_.reserve(keys_.size());
    for (const auto& k : keys_) {
      zmq::socket_t s(loop_->zmq(), zmq::socket_type::dealer);
      wire::applyCommonOptions(s);
      s.set(zmq::sockopt::curve_serverkey, serverKey);
      s.set(zmq::sockopt::curve_publickey, k.publicKey);
      s.set(zmq::sockopt::curve_secretkey, k.secretKey);
      s.connect(endpoint);
      auto* slot = &sockets_.emplace_back();
      *slot = std::make_unique<wire::LoopSocket>(loop_->io(), std::move(s),
                                                 [slot](wire::Frames&& frames) {
                                                   if (frames.size() == 1) (*slot)->send({"r"});
                                                 });
      (*slot)->send({"ready"});
    }
  });
}

void BareDealers::stop() {
  loop_->stop([this] { sockets_.clear(); });
}

}  // namespace cb::swarm
