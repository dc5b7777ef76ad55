// Enrollment with real processes: only accepted keys are nodes, identity is the key.
// A real controller and real agents on loopback; a raw CURVE DEALER plays the hostile peer.
#include <doctest/doctest.h>

#include <thread>
#include <zmq.hpp>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "schemas/protocol.capnp.h"
#include "support/http.hpp"
#include "wire/curve_keys.hpp"
#include "wire/envelope.hpp"
#include "wire/key_id.hpp"

using cb::test::LocalCluster;
using Enroll = LocalCluster::Enroll;
using Body = cb::proto::Envelope::Body;
using namespace std::chrono_literals;

namespace {

nlohmann::json keys(LocalCluster& c) {
  auto r = c.cli({"keys", "list", "--json"}, 10s);
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  return nlohmann::json::parse(r.out);
}

nlohmann::json keyEntry(LocalCluster& c, const std::string& key) {
  for (const auto& k : keys(c)) {
    if (k["key"] == key) return k;
  }
  return nullptr;
}

bool logHas(const std::function<std::string()>& log, const std::string& text,
            std::chrono::milliseconds timeout = 10s) {
  return cb::test::waitFor([&] { return log().find(text) != std::string::npos; }, timeout);
}

/// A CURVE client with its own fresh key, speaking the wire protocol directly.
struct RawPeer {
  zmq::context_t ctx{1};
  zmq::socket_t s{ctx, zmq::socket_type::dealer};
  cb::wire::KeyPair keys = cb::wire::generateKeyPair();

  RawPeer(LocalCluster& c, const std::string& routingId = "") {
    auto server = cb::wire::readPublicKey(c.stateDir() / "controller.pub");
    REQUIRE(server);
    s.set(zmq::sockopt::linger, 0);
    if (!routingId.empty()) s.set(zmq::sockopt::routing_id, routingId);
    s.set(zmq::sockopt::curve_serverkey, *server);
    s.set(zmq::sockopt::curve_publickey, keys.publicKey);
    s.set(zmq::sockopt::curve_secretkey, keys.secretKey);
    s.connect("tcp://127.0.0.1:" + std::to_string(c.port()));
  }
  void send(const std::string& bytes) { s.send(zmq::buffer(bytes), zmq::send_flags::none); }
  /// The next message's error (code, text), or nullopt after `timeout`.
  std::optional<std::pair<cb::proto::Error::Code, std::string>> nextError(
      std::chrono::milliseconds timeout = 5s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      zmq::pollitem_t items[] = {{s.handle(), 0, ZMQ_POLLIN, 0}};
      zmq::poll(items, 1, 100ms);
      if (!(items[0].revents & ZMQ_POLLIN)) continue;
      zmq::message_t m;
      if (!s.recv(m)) continue;
      auto in = cb::wire::readEnvelope(std::string_view(static_cast<const char*>(m.data()), m.size()));
      if (!in) continue;
      auto body = in->envelope.getBody();
      if (body.which() != Body::ERROR) return std::nullopt;
      return std::make_pair(body.getError().getCode(), std::string(body.getError().getMessage().cStr()));
    }
    return std::nullopt;
  }
};

std::string heartbeatFor(const std::string& nodeId) {
  return cb::wire::buildEnvelope(0, [&](Body::Builder b) {
    auto hb = b.initHeartbeat();
    hb.setNodeId(nodeId);
    hb.setSequence(1);
  });
}

std::string helloFor(const std::string& nodeId, const std::string& hostname) {
  return cb::wire::buildEnvelope(7, [&](Body::Builder b) {
    auto h = b.initHello();
    h.setNodeId(nodeId);
    h.initFacts().setHostname(hostname);
  });
}

}  // namespace

TEST_CASE("a key without a token waits as pending, receives nothing, and joins when accepted") {
  LocalCluster c;
  c.startAgent(0);  // enrolled by token
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), c.controllerLog());
  c.startAgent(1, "", Enroll::kNoToken);
  std::string key1 = c.agentKey(1);
  REQUIRE_MESSAGE(cb::test::waitFor([&] { return keyEntry(c, key1).is_object(); }, 10s),
                  c.controllerLog());
  auto k = keyEntry(c, key1);
  CHECK(k["state"] == "pending");
  CHECK(k["connected"] == false);
  CHECK(k["node_id"] == "");
  CHECK(k["claimed_node_id"] == c.nodeId(1));
  CHECK(k["address"].get<std::string>() == "127.0.0.1");
  CHECK(logHas([&] { return c.agentLog(1); }, "waits for acceptance"));

  // Never a node: a run goes to the accepted node only.
  std::this_thread::sleep_for(1s);
  CHECK(c.count("ready") == 1);
  auto run = c.cli({"run", "--benchmark", "sysbench-cpu", "-p", "time=1", "--json"}, 60s);
  REQUIRE_MESSAGE(run.exitCode == 0, run.err);
  auto j = nlohmann::json::parse(run.out);
  REQUIRE(j["results"].size() == 1);
  CHECK(j["results"][0]["node_id"] == c.nodeId(0));
  CHECK(c.agentLog(1).find("task ") == std::string::npos);

  // The operator accepts it: it becomes a node with the node id it asked for.
  // By key id (hex, what `keys list` and `clusterbench-agent --print-key` show).
  CHECK(k["id"] == cb::wire::keyId(key1));
  auto acc = c.cli({"keys", "accept", cb::wire::keyId(key1).substr(0, 10)}, 10s);
  REQUIRE_MESSAGE(acc.exitCode == 0, acc.err);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog());
  k = keyEntry(c, key1);
  CHECK(k["state"] == "accepted");
  CHECK(k["node_id"] == c.nodeId(1));
  CHECK(k["connected"] == true);

  // Rejected: dropped at once, and its next handshakes fail.
  auto rej = c.cli({"keys", "reject", key1}, 10s);
  REQUIRE_MESSAGE(rej.exitCode == 0, rej.err);
  REQUIRE_MESSAGE(cb::test::waitFor([&] { return c.nodes().size() == 1; }, 5s), c.controllerLog());
  CHECK(c.nodes()[0]["id"] == c.nodeId(0));
  CHECK(logHas([&] { return c.agentLog(1); }, "refused this node: key rejected"));
  CHECK(logHas([&] { return c.agentLog(1); }, "refused this agent (ZAP status 400)", 15s));
  CHECK(logHas([&] { return c.controllerLog(); }, "handshake refused for key " + key1));
  CHECK(keyEntry(c, key1)["state"] == "rejected");

  // Unknown ids and ambiguous input are errors naming the key.
  auto bad = c.cli({"keys", "accept", "zzzzzzzzzz"}, 10s);
  CHECK(bad.exitCode != 0);
  CHECK(bad.err.find("no key matches 'zzzzzzzzzz'") != std::string::npos);
}

TEST_CASE("a pending key may only say hello: everything else is refused undecoded") {
  LocalCluster c;
  RawPeer peer(c);
  peer.send(helloFor(std::string(32, 'a'), "intruder"));
  auto first = peer.nextError();
  REQUIRE_MESSAGE(first.has_value(), c.controllerLog());
  CHECK(first->first == cb::proto::Error::Code::PENDING);
  peer.send(heartbeatFor(std::string(32, 'a')));
  auto second = peer.nextError();
  REQUIRE(second.has_value());
  CHECK(second->first == cb::proto::Error::Code::REFUSED);
  CHECK(second->second.find("only hello is allowed") != std::string::npos);
  // A task result from a pending key is refused the same way (never stored).
  peer.send(cb::wire::buildEnvelope(0, [](Body::Builder b) {
    b.initTaskResult().setTaskId("1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1");
  }));
  auto third = peer.nextError();
  REQUIRE(third.has_value());
  CHECK(third->first == cb::proto::Error::Code::REFUSED);
  CHECK(c.nodes().empty());
  auto results = c.cli({"results", "--json"}, 10s);
  REQUIRE(results.exitCode == 0);
  CHECK(nlohmann::json::parse(results.out).empty());
}

TEST_CASE("a wrong token is refused with a clear line on both sides") {
  LocalCluster c;
  c.startAgent(0, "", Enroll::kWrongToken);
  CHECK(logHas([&] { return c.controllerLog(); }, "join token not valid"));
  CHECK(logHas([&] { return c.agentLog(0); }, "refused this node: join token not valid"));
  CHECK(c.nodes().empty());
}

TEST_CASE("a second key claiming an accepted node id is refused; the real node keeps running") {
  LocalCluster c;
  c.startAgent(0);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), c.controllerLog());
  // An impostor: its own key, the real node's id copied into its state dir, a valid token.
  auto impostorDir = c.dir() / "agent1";
  std::filesystem::create_directories(impostorDir);
  REQUIRE(cb::os::writeFileAtomic(impostorDir / "node-id", c.nodeId(0) + "\n", 0600));
  c.startAgent(1);
  CHECK(c.agentKey(1) != c.agentKey(0));
  CHECK(logHas([&] { return c.controllerLog(); }, "belongs to another key"));
  CHECK(logHas([&] { return c.agentLog(1); }, "refused this node"));
  // A raw peer that claims the node id and says heartbeat directly gets nothing either.
  RawPeer raw(c);
  raw.send(heartbeatFor(c.nodeId(0)));
  auto e = raw.nextError();
  REQUIRE(e.has_value());
  CHECK(e->first == cb::proto::Error::Code::REFUSED);

  auto nodes = c.nodes();
  REQUIRE(nodes.size() == 1);
  CHECK(nodes[0]["state"] == "ready");
  auto run = c.cli({"run", "--benchmark", "sysbench-cpu", "-p", "time=1", "--json"}, 60s);
  REQUIRE_MESSAGE(run.exitCode == 0, run.err);
  auto j = nlohmann::json::parse(run.out);
  REQUIRE(j["results"].size() == 1);
  CHECK(j["results"][0]["status"] == "succeeded");
  CHECK(c.agentLog(0).find("task ") != std::string::npos);
  CHECK(c.agentLog(1).find("task ") == std::string::npos);
}

TEST_CASE("the key store survives a controller restart; an accepted agent needs no token again") {
  LocalCluster c;
  c.startAgent(0, "", Enroll::kNoToken);
  std::string key0 = c.agentKey(0);
  REQUIRE(cb::test::waitFor([&] { return keyEntry(c, key0).is_object(); }, 10s));
  auto acc = c.cli({"keys", "accept", "--all-pending"}, 10s);
  REQUIRE_MESSAGE(acc.exitCode == 0, acc.err);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), c.controllerLog());
  int port = c.port();
  c.stopController();
  c.startController(port);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready", 20s), std::string(c.controllerLog() + c.agentLog(0)));
  auto k = keyEntry(c, key0);
  CHECK(k["state"] == "accepted");
  CHECK(k["node_id"] == c.nodeId(0));
  CHECK(c.nodes()[0]["id"] == c.nodeId(0));
}

TEST_CASE("the agent refuses a join token file that others can read") {
  LocalCluster c;
  auto token = c.dir() / "loose-token";
  REQUIRE(cb::os::writeFileAtomic(token, std::string(64, 'a') + "\n", 0644));
  auto r = cb::test::run({cb::test::bin("clusterbench-agent"), "--controller", "tcp://127.0.0.1:1",
                          "--controller-key", (c.stateDir() / "controller.pub").string(),
                          "--state-dir", (c.dir() / "loose").string(), "--join-token-file",
                          token.string()},
                         10s);
  CHECK(r.exitCode == 2);
  CHECK((r.out + r.err).find("has mode 0644") != std::string::npos);
}
