#include "daemon/agent_gateway.hpp"

#include <algorithm>

#include "util/asio.hpp"

#include "daemon/daemon_log.hpp"
#include "daemon/zap.hpp"
#include "metrics/node_resources.hpp"
#include "wire/envelope.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";

AgentKey fromRecord(const store::AgentKeyRecord& r) {
  AgentKey k;
  k.publicKey = r.publicKey;
  k.state = keyStateFromString(r.state).value_or(KeyState::kPending);
  k.nodeId = r.nodeId;
  k.claimedNodeId = r.claimedNodeId;
  k.hostname = r.hostname;
  k.address = r.address;
  k.firstSeenMs = r.firstSeen;
  k.lastSeenMs = r.lastSeen;
  return k;
}

}  // namespace

AgentGateway::AgentGateway(boost::asio::io_context& io, zmq::context_t& zmq, GatewayConfig config,
                           wire::KeyPair keys, store::Store& store, GroupCommit& commit,
                           metrics::Metrics* metrics)
    : io_(io),
      zmq_(zmq),
      config_(std::move(config)),
      curveKeys_(std::move(keys)),
      store_(store),
      commit_(commit),
      metrics_(metrics),
      keys_(config_.maxPendingKeys),
      registry_(config_.heartbeat * config_.missedHeartbeats) {}

AgentGateway::~AgentGateway() = default;

Status AgentGateway::start() {
  std::vector<AgentKey> loaded;
  for (const auto& r : store_.agentKeys()) loaded.push_back(fromRecord(r));
  keys_.load(std::move(loaded));
  daemonLog()->info("key store: {} keys ({} pending)", keys_.all().size(), keys_.pendingCount());
  try {
    // The ZAP handler must be bound before the CURVE socket accepts its first connection.
    zmq::socket_t zap(zmq_, zmq::socket_type::router);
    zap.set(zmq::sockopt::linger, 0);
    zap.bind(kZapEndpoint);
    zap_ = std::make_unique<wire::LoopSocket>(io_, std::move(zap),
                                              [this](wire::Frames&& f) { onZap(std::move(f)); });
  } catch (const zmq::error_t& e) {
    return fail(std::string("cannot bind the ZAP handler: ") + e.what());
  }
  try {
    zmq::socket_t agents(zmq_, zmq::socket_type::router);
    wire::applyCommonOptions(agents);
    agents.set(zmq::sockopt::curve_server, 1);
    agents.set(zmq::sockopt::curve_secretkey, curveKeys_.secretKey);
    agents.set(zmq::sockopt::zap_domain, "clusterbench");
    // Agents pick a random routing id per connection and keep it secret, so handing a routing id
    // over can only happen to the connection that already had it; every message's key is
    // checked against its node anyway.
    agents.set(zmq::sockopt::router_handover, 1);
    agents.set(zmq::sockopt::router_mandatory, 1);  // unroutable sends fail instead of vanishing
    agents.set(zmq::sockopt::backlog, 4096);        // a fleet reconnecting at once overflows 100
    agents.bind(config_.endpoint);
    bound_ = wire::lastEndpoint(agents);
    agents_ = std::make_unique<wire::LoopSocket>(
        io_, std::move(agents), [this](wire::Frames&& f, wire::LoopSocket::Peer&& p) {
          onAgentFrames(std::move(f), std::move(p));
        });
    agents_->setBatching(
        config_.maxBatch, [this] { commit_.open(); },
        [this] {
          commit_.close();
          behind_ = agents_ && agents_->backlogged();
          if (!behind_) caughtUp_ = std::chrono::steady_clock::now();
        });
  } catch (const zmq::error_t& e) {
    return fail("cannot bind agent endpoint " + config_.endpoint + ": " + e.what());
  }
  return okStatus();
}

void AgentGateway::stop() {
  agents_.reset();
  zap_.reset();
}

bool AgentGateway::send(const std::string& nodeId, const std::string& bytes) {
  const NodeInfo* n = registry_.find(nodeId);
  return n != nullptr && sendRouting(n->routingId, bytes);
}

bool AgentGateway::sendRouting(const std::string& routingId, const std::string& bytes) {
  if (agents_ && agents_->send({routingId, bytes})) return true;
  daemonLog()->debug("cannot route a message to a departed agent connection");
  return false;
}

void AgentGateway::onZap(wire::Frames&& frames) {
  auto req = parseZapRequest(frames);
  if (!req) {
    daemonLog()->warn("malformed ZAP request: {}", req.error());
    return;
  }
  if (req->mechanism != "CURVE") {
    zap_->send(zapReply(*req, false, "CURVE required", ""));
    return;
  }
  auto decision = keys_.admit(req->publicKey);
  if (!decision.allow) {
    daemonLog()->warn("handshake refused for key {} from {}: {}", req->publicKey, req->address,
                      decision.reason);
    if (metrics_) metrics_->countAgentRefusal("handshake");
  }
  zap_->send(zapReply(*req, decision.allow, decision.reason, req->publicKey));
}

void AgentGateway::refuse(const std::string& routingId, std::uint64_t requestId,
                          const std::string& reason, const std::string& metricReason) {
  if (metrics_) metrics_->countAgentRefusal(metricReason);
  sendRouting(routingId, wire::buildError(0, proto::Error::Code::REFUSED, reason, requestId));
}

void AgentGateway::onAgentFrames(wire::Frames&& frames, wire::LoopSocket::Peer&& peer) {
  if (frames.size() != 2) {
    daemonLog()->warn("dropping an agent message of {} frames", frames.size());
    return;
  }
  const std::string& routingId = frames[0];
  const std::string& key = peer.userId;
  if (key.empty()) {
    daemonLog()->error("dropping an agent message without an authenticated key");
    return;
  }
  const AgentKey* k = keys_.find(key);
  bool accepted = k != nullptr && k->state == KeyState::kAccepted;
  if (k != nullptr && k->state == KeyState::kRejected) {
    refuse(routingId, 0, "key rejected by the operator", "rejected");
    return;
  }
  if (!accepted && frames[1].size() > config_.maxPendingMessageBytes) {
    refuse(routingId, 0, "message too large for a key that is not accepted", "too_large");
    return;
  }
  auto in = wire::readEnvelope(frames[1]);
  if (!in) {
    daemonLog()->warn("dropping an agent message: {}", in.error());
    sendRouting(routingId, wire::buildError(0, proto::Error::Code::BAD_REQUEST, in.error(), 0));
    return;
  }
  auto body = in->envelope.getBody();
  auto requestId = in->envelope.getRequestId();
  auto kind = body.which();
  if (!accepted && kind != Body::HELLO) {
    // Only the envelope's header (its kind) was read: nothing else of it is decoded.
    refuse(routingId, requestId,
           "key " + key +
               " is not accepted: only hello is allowed (ask the operator to run "
               "`clusterbench keys accept " +
               key + "`)",
           "not_accepted");
    return;
  }
  try {
    if (kind == Body::HELLO) {
      handleHello(key, peer.address, routingId, requestId, body.getHello());
      return;
    }
    const std::string& nodeId = k->nodeId;
    const NodeInfo* n = registry_.find(nodeId);
    if (n == nullptr) {
      sendRouting(routingId, wire::buildError(0, proto::Error::Code::UNKNOWN_NODE,
                                              "say hello first", requestId));
      return;
    }
    auto owner = registry_.nodeForRouting(routingId);
    if (owner && *owner != nodeId) {
      daemonLog()->warn("refused a message from key {} on node {}'s connection", key, *owner);
      refuse(routingId, requestId, "this connection belongs to another node", "wrong_connection");
      return;
    }
    registry_.rebind(nodeId, routingId);  // the same key on a new connection
    auto now = std::chrono::steady_clock::now();
    if (kind == Body::HEARTBEAT) {
      auto hb = body.getHeartbeat();
      if (!registry_.onHeartbeat(nodeId, hb.getRunningTasks(), now)) {
        // Declared lost meanwhile: make it register again so state and facts are fresh.
        sendRouting(routingId, wire::buildError(0, proto::Error::Code::UNKNOWN_NODE,
                                                "node was marked lost; register again", requestId));
        return;
      }
      sendRouting(routingId, wire::buildEnvelope(requestId, [&](Body::Builder b) {
                    b.initHeartbeatAck().setSequence(hb.getSequence());
                  }));
      return;
    }
    registry_.touch(nodeId, now);
    if (kind == Body::NODE_METRICS) {
      onNodeMetrics(nodeId, routingId, requestId, body.getNodeMetrics());
      return;
    }
    auto handler = handlers_.find(kind);
    if (handler == handlers_.end()) {
      sendRouting(routingId, wire::buildError(0, proto::Error::Code::BAD_REQUEST,
                                              "message kind " + wire::bodyKindName(kind) +
                                                  " is not accepted from agents",
                                              requestId));
      return;
    }
    handler->second(nodeId, body);
  } catch (const std::exception& e) {
    daemonLog()->error("failed to handle {} from an agent: {}", wire::bodyKindName(kind), e.what());
    sendRouting(routingId, wire::buildError(0, proto::Error::Code::INTERNAL, e.what(), requestId));
  }
}

void AgentGateway::handle(Body::Which kind, MessageHandler handler) {
  handlers_[kind] = std::move(handler);
}

void AgentGateway::onNodeMetrics(const std::string& nodeId, const std::string& routingId,
                                 std::uint64_t requestId, proto::NodeMetrics::Reader m) {
  if (m.getNodeId() != nodeId.c_str()) {
    sendRouting(routingId, wire::buildError(0, proto::Error::Code::BAD_REQUEST,
                                            "nodeMetrics names another node", requestId));
    return;
  }
  const NodeInfo* n = registry_.find(nodeId);
  // A lost node re-registers on its next heartbeat; its figures wait until then.
  if (n == nullptr || n->state != NodeState::kReady) return;
  if (metrics_) metrics_->setNodeResources(n->hostname, metrics::readNodeResources(m));
}

std::vector<std::string> AgentGateway::sweep(std::chrono::steady_clock::time_point now) {
  // Nodes are judged by what the controller has read: while messages wait unread, the clock
  // of liveness stops where it last caught up.
  auto lost = registry_.sweep(behind_ ? std::min(now, caughtUp_) : now);
  for (const auto& id : lost) {
    const NodeInfo* n = registry_.find(id);
    daemonLog()->warn("node {} ({}) lost: no heartbeat for {} ms", n->hostname, id,
                      (config_.heartbeat * config_.missedHeartbeats).count());
    if (metrics_) metrics_->setNodeState(n->hostname, n->environment, "lost");
  }
  if (metrics_) {
    for (const auto* n : registry_.all()) {
      metrics_->setHeartbeatAge(n->hostname,
                                std::chrono::duration<double>(now - n->lastSeen).count());
    }
  }
  return lost;
}

}  // namespace cb::controller
