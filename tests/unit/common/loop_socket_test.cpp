// LoopSocket over real sockets: ZMQ_FD is edge-triggered, so a message must never wait unread
// because an edge was spent where nobody reads (the controller once queried ZMQ_EVENTS in its
// after-batch hook and its agents' results and heartbeats sat unread for a minute).
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "wire/zmq_socket.hpp"

using namespace std::chrono_literals;

namespace {
struct Pair {
  zmq::context_t ctx;
  zmq::socket_t router{ctx, zmq::socket_type::router};
  zmq::socket_t dealer{ctx, zmq::socket_type::dealer};
  Pair() {
    router.bind("tcp://127.0.0.1:*");
    dealer.connect(cb::wire::lastEndpoint(router));
  }
  void sendFromPeer(const std::string& text) {
    REQUIRE(dealer.send(zmq::buffer(text), zmq::send_flags::none));
  }
};
}  // namespace

TEST_CASE("a message that arrives while the after-batch hook runs is read without another event") {
  Pair p;
  boost::asio::io_context io;
  std::vector<std::string> got;
  std::unique_ptr<cb::wire::LoopSocket> watched;
  int batches = 0;
  bool backlogSeen = true;
  watched = std::make_unique<cb::wire::LoopSocket>(
      io, std::move(p.router), [&](cb::wire::Frames&& f) { got.push_back(f.at(1)); });
  watched->setBatching(
      64, [] {},
      [&] {
        ++batches;
        backlogSeen = watched->backlogged();
        // The first batch's hook: the peer sends while the drain has already seen an empty
        // queue, and the hook waits until libzmq has surely queued it.
        if (batches == 1) {
          p.sendFromPeer("second");
          std::this_thread::sleep_for(100ms);
        }
      });
  p.sendFromPeer("first");
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (got.size() < 2 && std::chrono::steady_clock::now() < deadline) io.run_for(50ms);
  CHECK(got == std::vector<std::string>{"first", "second"});
  CHECK(batches == 2);
  CHECK_FALSE(backlogSeen);  // neither drain stopped at its cap
}

TEST_CASE("a drain stops at its cap, says it is backlogged and reads the rest in a later drain") {
  Pair p;
  boost::asio::io_context io;
  std::vector<std::string> got;
  std::vector<std::size_t> perBatch;
  std::vector<bool> backlog;
  std::size_t before = 0;
  std::unique_ptr<cb::wire::LoopSocket> watched;
  watched = std::make_unique<cb::wire::LoopSocket>(
      io, std::move(p.router), [&](cb::wire::Frames&& f) { got.push_back(f.at(1)); });
  watched->setBatching(
      4, [&] { before = got.size(); },
      [&] {
        perBatch.push_back(got.size() - before);
        backlog.push_back(watched->backlogged());
      });
  for (int i = 0; i < 10; ++i) p.sendFromPeer("m" + std::to_string(i));
  std::this_thread::sleep_for(200ms);  // all ten queued before the loop reads any
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (got.size() < 10 && std::chrono::steady_clock::now() < deadline) io.run_for(50ms);
  REQUIRE(got.size() == 10);
  CHECK(got.front() == "m0");
  CHECK(got.back() == "m9");
  CHECK(perBatch == std::vector<std::size_t>{4, 4, 2});
  CHECK(backlog == std::vector<bool>{true, true, false});
}
