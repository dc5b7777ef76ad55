#include "bare_reference.hpp"

#include <unistd.h>

#include <string>
#include <vector>
#include <zmq.hpp>

#include "proc_stats.hpp"
#include "wire/curve_keys.hpp"
#include "wire/zmq_socket.hpp"

namespace cb::swarm {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// Receives one whole message (routing id + frames) if one arrives before `deadline`.
bool receive(zmq::socket_t& router, Clock::time_point deadline, std::vector<std::string>& out) {
  out.clear();
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, left) <= 0) return false;
  do {
    zmq::message_t msg;
    if (!router.recv(msg, zmq::recv_flags::dontwait)) return false;
    out.emplace_back(static_cast<const char*>(msg.data()), msg.size());
  } while (router.get(zmq::sockopt::rcvmore));
  return true;
}

}  // namespace

BareFigures measureBare(WorkerPool& pool, int repeats, std::chrono::milliseconds connectTimeout,
                        std::chrono::milliseconds roundTimeout) {
  BareFigures f;
  f.ran = true;
  if (auto s = readProcStats(::getpid())) f.rssBeforeKb = s->rssKb;
  try {
    zmq::context_t ctx(1);
    zmq::socket_t router(ctx, zmq::socket_type::router);
    wire::applyCommonOptions(router);
    auto keys = wire::generateKeyPair();
    router.set(zmq::sockopt::curve_server, 1);
    router.set(zmq::sockopt::curve_secretkey, keys.secretKey);
    router.set(zmq::sockopt::backlog, 4096);
    router.bind("tcp://127.0.0.1:*");
    std::string endpoint = wire::lastEndpoint(router);

    auto t0 = Clock::now();
    if (auto r = pool.command("bare " + endpoint + " " + keys.publicKey); !r) {
      f.error = r.error();
      return f;
    }
    std::vector<std::string> peers;
    peers.reserve(pool.agents());
    std::vector<std::string> msg;
    auto deadline = t0 + connectTimeout;
    while (peers.size() < pool.agents() && receive(router, deadline, msg)) {
      if (msg.size() == 2 && msg[1] == "ready") peers.push_back(msg[0]);
    }
    f.connectMs = msSince(t0);
    f.peers = peers.size();
    if (peers.size() < pool.agents()) {
      f.error = "only " + std::to_string(peers.size()) + " of " + std::to_string(pool.agents()) +
                " DEALERs connected";
      return f;
    }
    for (int round = 0; round < repeats; ++round) {
      auto start = Clock::now();
      for (const auto& id : peers) {
        router.send(zmq::buffer(id), zmq::send_flags::sndmore);
        router.send(zmq::buffer(std::string_view("x")), zmq::send_flags::none);
      }
      std::size_t replies = 0;
      auto until = start + roundTimeout;
      while (replies < peers.size() && receive(router, until, msg)) {
        if (msg.size() == 2 && msg[1] == "r") ++replies;
      }
      if (replies < peers.size()) {
        f.error = "round " + std::to_string(round + 1) + ": only " + std::to_string(replies) +
                  " of " + std::to_string(peers.size()) + " replies";
        return f;
      }
      f.roundsMs.push_back(msSince(start));
    }
    if (auto s = readProcStats(::getpid())) f.rssAfterKb = s->rssKb;
  } catch (const zmq::error_t& e) {
    f.error = std::string("ZeroMQ: ") + e.what();
  }
  return f;
}

}  // namespace cb::swarm
