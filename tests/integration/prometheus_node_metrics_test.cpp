// The controller's side of nodeMetrics, driven by a hand-made CURVE client speaking the real
// protocol: figures are accepted only from a registered connection and only for its own node id;
// what is accepted shows on /metrics under the node's hostname.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <zmq.hpp>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/http.hpp"
#include "wire/curve_keys.hpp"
#include "wire/envelope.hpp"
#include "wire/zmq_socket.hpp"

using Body = cb::proto::Envelope::Body;
using namespace std::chrono_literals;

namespace {

/// One DEALER with its own CURVE key pair, pinned to the cluster's controller.
class RawAgent {
 public:
  RawAgent(cb::test::LocalCluster& c, const std::string& nodeId) : socket_(zmq_, ZMQ_DEALER) {
    const auto keys = cb::wire::generateKeyPair();
    auto serverKey = cb::wire::readPublicKey(c.stateDir() / "controller.pub");
    REQUIRE_MESSAGE(serverKey.ok(), serverKey.error());
    cb::wire::applyCommonOptions(socket_);
    socket_.set(zmq::sockopt::routing_id, nodeId);
    socket_.set(zmq::sockopt::curve_serverkey, *serverKey);
    socket_.set(zmq::sockopt::curve_publickey, keys.publicKey);
    socket_.set(zmq::sockopt::curve_secretkey, keys.secretKey);
    socket_.set(zmq::sockopt::rcvtimeo, 5000);
    socket_.connect("tcp://127.0.0.1:" + std::to_string(c.port()));
  }

  void send(const std::string& envelope) { socket_.send(zmq::buffer(envelope)); }

  /// The next message that is not a heartbeat ack; nullopt after 5 s of silence.
  std::optional<std::string> receive() {
    for (int i = 0; i < 20; ++i) {
      zmq::message_t msg;
      if (!socket_.recv(msg)) return std::nullopt;
      auto in = cb::wire::readEnvelope(msg.to_string_view());
      REQUIRE_MESSAGE(in.ok(), in.error());
      if (in->envelope.getBody().which() != Body::HEARTBEAT_ACK) return msg.to_string();
    }
    return std::nullopt;
  }

  /// Keeps the registration alive (a raw client sends no heartbeats by itself): a heartbeat,
  /// and a fresh hello should the controller have declared the node lost meanwhile.
  void keepAlive(const std::string& nodeId, const std::string& helloBytes) {
    zmq::message_t msg;
    while (socket_.recv(msg, zmq::recv_flags::dontwait)) {
      auto in = cb::wire::readEnvelope(msg.to_string_view());
      if (in.ok() && in->envelope.getBody().which() == Body::ERROR &&
          in->envelope.getBody().getError().getCode() == cb::proto::Error::Code::UNKNOWN_NODE) {
        send(helloBytes);
      }
    }
    send(cb::wire::buildEnvelope(0, [&](Body::Builder b) {
      auto hb = b.initHeartbeat();
      hb.setNodeId(nodeId);
      hb.setSequence(++sequence_);
    }));
  }

 private:
  zmq::context_t zmq_{1};
  zmq::socket_t socket_;
  std::uint64_t sequence_ = 0;
};

/// A hello presenting the cluster's join token (so the raw agent's key is accepted).
std::string hello(const std::string& nodeId, const std::string& hostname,
                  const std::string& token) {
  return cb::wire::buildEnvelope(1, [&](Body::Builder b) {
    auto h = b.initHello();
    h.setNodeId(nodeId);
    h.setJoinToken(token);
    h.initFacts().setHostname(hostname);
    h.setAgentVersion("test");
  });
}

std::string nodeMetrics(const std::string& nodeId, double userSeconds) {
  return cb::wire::buildEnvelope(0, [&](Body::Builder b) {
    auto m = b.initNodeMetrics();
    m.setNodeId(nodeId);
    auto cpu = m.initCpu(1);
    cpu[0].setMode("user");
    cpu[0].setSeconds(userSeconds);
    m.setMemoryTotalBytes(1 << 20);
  });
}

Body::Which kindOf(const std::string& bytes) {
  auto in = cb::wire::readEnvelope(bytes);
  REQUIRE(in.ok());
  return in->envelope.getBody().which();
}

cb::proto::Error::Code errorCode(const std::string& bytes) {
  auto in = cb::wire::readEnvelope(bytes);
  REQUIRE(in.ok());
  REQUIRE(in->envelope.getBody().which() == Body::ERROR);
  return in->envelope.getBody().getError().getCode();
}

}  // namespace

TEST_CASE("nodeMetrics count only from a registered agent about itself") {
  cb::test::LocalCluster c;
  auto info = nlohmann::json::parse(*cb::os::readFile(c.stateDir() / "controller.json"));
  const std::string url = info["metrics_url"];
  const std::string self(32, 'a');
  const std::string other(32, 'b');
  const std::string series = R"(clusterbench_node_cpu_seconds_total{mode="user",node="cbm-raw"})";
  RawAgent agent(c, self);
  auto tokenText = cb::os::readFile(c.tokenFile());
  REQUIRE(tokenText);
  const std::string token = tokenText->substr(0, tokenText->find('\n'));

  // Before hello its key is not accepted: refused undecoded, nothing exported.
  agent.send(nodeMetrics(self, 11));
  auto reply = agent.receive();
  REQUIRE(reply);
  CHECK(errorCode(*reply) == cb::proto::Error::Code::REFUSED);

  agent.send(hello(self, "cbm-raw", token));
  reply = agent.receive();
  REQUIRE(reply);
  REQUIRE(kindOf(*reply) == Body::WELCOME);

  // Registered, but about another node: refused, nothing exported.
  agent.send(nodeMetrics(other, 22));
  reply = agent.receive();
  REQUIRE(reply);
  CHECK(errorCode(*reply) == cb::proto::Error::Code::BAD_REQUEST);
  CHECK(cb::test::httpGet(url).find("clusterbench_node_cpu_seconds_total") == std::string::npos);

  // About itself: exported under its hostname, without a reply.
  CHECK(cb::test::waitFor(
      [&] {
        agent.keepAlive(self, hello(self, "cbm-raw", token));
        agent.send(nodeMetrics(self, 33.5));
        return cb::test::httpGet(url).find(series + " 33.5\n") != std::string::npos;
      },
      5s));
  const std::string text = cb::test::httpGet(url);
  CHECK(text.find(R"(clusterbench_node_memory_total_bytes{node="cbm-raw"} 1048576)") !=
        std::string::npos);
  CHECK(text.find("node=\"" + other) == std::string::npos);

  // Silent past the missed-heartbeat limit: lost, and its figures leave /metrics.
  CHECK(cb::test::waitFor([&] { return cb::test::httpGet(url).find(series) == std::string::npos; },
                          10s));
  CHECK(cb::test::httpGet(url).find(
            R"(clusterbench_node_up{environment="bare",node="cbm-raw"} 0)") != std::string::npos);
}
