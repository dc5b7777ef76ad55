// AgentGateway: enrollment — a hello (key store decision, token check, registration recorded
// before the welcome) and the operator's key actions. See agent_gateway.hpp for the contract.
#include "daemon/agent_gateway.hpp"
#include "daemon/daemon_log.hpp"
#include "daemon/node_json.hpp"
#include "util/clock.hpp"
#include "util/safe_text.hpp"
#include "wire/envelope.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
bool isNodeId(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

store::AgentKeyRecord toRecord(const AgentKey& k) {
  return {k.publicKey, toString(k.state), k.nodeId,      k.claimedNodeId,
          k.hostname,  k.address,         k.firstSeenMs, k.lastSeenMs};
}
}  // namespace

bool AgentGateway::tokenValid(const std::string& presented) {
  auto file = joinTokenFile(config_.stateDir);
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(file, ec);
  auto size = ec ? 0 : std::filesystem::file_size(file, ec);
  if (ec) {
    tokens_.clear();
    tokensLoaded_ = false;
  } else if (!tokensLoaded_ || mtime != tokensMtime_ || size != tokensSize_) {
    auto read = readJoinTokens(config_.stateDir);
    if (!read) {
      daemonLog()->error("join tokens: {}", read.error());
      tokens_.clear();
    } else {
      tokens_ = std::move(*read);
    }
    tokensMtime_ = mtime;
    tokensSize_ = size;
    tokensLoaded_ = true;
  }
  return joinTokenMatches(tokens_, presented, nowMs());
}

bool AgentGateway::persist(const AgentKey& key) {
  if (auto s = store_.putAgentKey(toRecord(key)); !s) {
    commit_.writeFailed("recording key " + key.publicKey, s.error());
    return false;
  }
  return true;
}

void AgentGateway::handleHello(const std::string& key, const std::string& address,
                               const std::string& routingId, std::uint64_t requestId,
                               proto::Hello::Reader hello) {
  std::string claimed = hello.getNodeId();
  if (!isNodeId(claimed)) {
    sendRouting(routingId, wire::buildError(0, proto::Error::Code::BAD_REQUEST,
                                            "node id must be 32 hex digits", requestId));
    return;
  }
  std::string token = hello.getJoinToken();
  bool valid = !token.empty() && tokenValid(token);
  std::string hostname = util::safeLine(wire::textView(hello.getFacts().getHostname()));
  if (hostname.size() > 253) hostname.resize(253);
  bool wasPending = keys_.find(key) == nullptr || keys_.find(key)->state == KeyState::kPending;
  auto d = keys_.onHello(key, claimed, hostname, address, !token.empty(), valid, nowMs());
  // Not recorded: no welcome either; the agent says hello again and the write is retried.
  if (d.changed && !persist(d.key)) return;
  // if/else rather than a switch: clang-14's ASan reports the logger temporaries of switch cases
  // that return as used after their scope (seen by the controller_envelope fuzz target).
  if (d.kind == HelloDecision::Kind::kRefused) {
    daemonLog()->warn("refused key {} (host '{}', {}): {}", key, hostname, address, d.reason);
    refuse(routingId, requestId, d.reason, "hello_refused");
    return;
  }
  if (d.kind == HelloDecision::Kind::kPending) {
    if (d.key.firstSeenMs == d.key.lastSeenMs || !wasPending) {
      daemonLog()->info(
          "key {} (host '{}', {}) is pending: accept it with `clusterbench keys accept {}`", key,
          hostname, address, key);
    }
    if (metrics_) metrics_->countAgentRefusal("pending");
    sendRouting(routingId, wire::buildError(0, proto::Error::Code::PENDING, d.reason, requestId));
    return;
  }
  if (d.acceptedNow) {
    daemonLog()->info("key {} accepted by join token as node {}", key, d.nodeId);
  }
  const std::string& nodeId = d.nodeId;
  // A routing id already bound to another node is never handed to this key.
  if (auto owner = registry_.nodeForRouting(routingId); owner && *owner != nodeId) {
    refuse(routingId, requestId, "this connection belongs to another node", "wrong_connection");
    return;
  }
  auto facts = factsToJson(hello.getFacts());
  auto outcome = registry_.onHello(nodeId, routingId, facts, std::chrono::steady_clock::now());
  const NodeInfo* n = registry_.find(nodeId);
  daemonLog()->info("node {} ({}, {} {}) {}", n->hostname, nodeId, n->environment, n->virtTech,
                    outcome.isNew      ? "registered"
                    : outcome.returned ? "is back"
                                       : "re-registered");
  store::NodeRecord rec{nodeId,
                        n->hostname,
                        n->environment,
                        n->virtTech,
                        facts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        nowMs(),
                        nowMs()};
  if (auto s = store_.upsertNode(rec); !s) {
    commit_.writeFailed("recording node " + nodeId, s.error());
    return;  // no welcome: the agent says hello again
  }
  if (metrics_) {
    metrics_->countRegistration();
    metrics_->setNodeState(n->hostname, n->environment, "ready");
  }
  // The welcome and what follows a registration wait until the registration is durable.
  commit_.afterCommit([this, nodeId, routingId, requestId, isNew = outcome.isNew,
                       returned = outcome.returned] {
    sendRouting(routingId, wire::buildEnvelope(requestId, [&](Body::Builder b) {
                  auto w = b.initWelcome();
                  w.setNodeId(nodeId);
                  w.setHeartbeatIntervalMs(static_cast<std::uint32_t>(config_.heartbeat.count()));
                  w.setControllerVersion(config_.version);
                }));
    const NodeInfo* node = registry_.find(nodeId);
    if (node != nullptr && onRegistered) onRegistered(*node, isNew, returned);
  });
}

Result<AgentKey> AgentGateway::acceptKey(const std::string& keyOrPrefix) {
  auto k = keys_.accept(keyOrPrefix);
  if (!k) return k;
  if (!persist(*k)) return fail("accepted key " + k->publicKey + " not recorded: see the log");
  daemonLog()->info("key {} accepted by the operator as node {}", k->publicKey, k->nodeId);
  return k;
}

Result<std::vector<AgentKey>> AgentGateway::acceptAllPending() {
  std::vector<AgentKey> out;
  for (const auto& key : keys_.pendingKeys()) {
    auto k = acceptKey(key);
    if (!k) return Error{k.error()};
    out.push_back(*k);
  }
  return out;
}

void AgentGateway::dropNode(const AgentKey& key, const std::string& why) {
  if (key.nodeId.empty()) return;
  auto n = registry_.remove(key.nodeId);
  if (!n) return;
  sendRouting(n->routingId, wire::buildError(0, proto::Error::Code::REFUSED, why, 0));
  if (metrics_) metrics_->setNodeState(n->hostname, n->environment, "lost");
  daemonLog()->warn("node {} ({}) dropped: {}", n->hostname, key.nodeId, why);
}

Result<AgentKey> AgentGateway::rejectKey(const std::string& keyOrPrefix) {
  auto k = keys_.reject(keyOrPrefix);
  if (!k) return k;
  persist(*k);  // refused at once even when the store fails: it is in memory
  daemonLog()->warn("key {} rejected by the operator", k->publicKey);
  dropNode(*k, "key rejected by the operator");
  return k;
}

Result<AgentKey> AgentGateway::deleteKey(const std::string& keyOrPrefix) {
  auto k = keys_.remove(keyOrPrefix);
  if (!k) return k;
  if (auto s = store_.deleteAgentKey(k->publicKey); !s) {
    daemonLog()->error("store: cannot delete key {}: {}", k->publicKey, s.error());
  }
  daemonLog()->warn("key {} deleted by the operator", k->publicKey);
  dropNode(*k, "key deleted by the operator");
  return k;
}

}  // namespace cb::controller
