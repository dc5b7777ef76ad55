#pragma once
// AgentGateway: the agents' side of the controller. Owns the CURVE ROUTER socket, the ZAP handler
// (inproc://zeromq.zap.01, on this loop), the enrollment key store and the live registry.
//
// Contract (DESIGN §3, enrollment):
// - Authentication happens in the CURVE handshake: rejected keys fail it; unknown and pending
//   keys pass (up to a cap) but may only send hello, which is checked on the envelope's kind alone
//   and on a size cap; nothing else from them is decoded or dispatched.
// - Identity is the key: every message carries the ZAP user id (the Z85 key) and the gateway
//   takes the node id bound to that key, never a field of the message. A message arriving on a
//   routing id that belongs to another key's node is refused.
// - Every drain of the agent socket is one store batch (GroupCommit): a node's registration is
//   durable before its welcome leaves, and results are acknowledged after their commit.
// - Liveness: hello, heartbeats and every other message of a registered node; sweep() declares
//   silent nodes lost. Silence is measured up to the last moment the controller had read every
//   message waiting on the agent socket: while it is behind (a registration storm), heartbeats
//   queued behind hellos do not make their nodes lost. nodeMetrics is handled here.
// - Other kinds go to the handler registered for that kind (handle()), with the sender's node id;
//   a kind without a handler is answered with an error: the table is the allow-list.
// Thread-safety: everything on the io_context's thread.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "daemon/agent_link.hpp"
#include "daemon/group_commit.hpp"
#include "metrics/metrics.hpp"
#include "registry/join_tokens.hpp"
#include "registry/key_store.hpp"
#include "registry/registry.hpp"
#include "schemas/protocol.capnp.h"
#include "store/store.hpp"
#include "util/result.hpp"
#include "wire/curve_keys.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::controller {

struct GatewayConfig {
  std::string endpoint = "tcp://0.0.0.0:7700";
  std::filesystem::path stateDir;  // join-tokens lives here
  std::chrono::milliseconds heartbeat{2000};
  int missedHeartbeats = 3;
  std::string version;
  std::size_t maxPendingKeys = 1024;
  std::size_t maxPendingMessageBytes = 64 * 1024;  // hello with facts fits easily
  /// Agent messages handled per drain (one store commit each) before the loop serves others.
  std::size_t maxBatch = 64;
};

class AgentGateway final : public AgentLink {
 public:
  AgentGateway(boost::asio::io_context& io, zmq::context_t& zmq, GatewayConfig config,
               wire::KeyPair keys, store::Store& store, GroupCommit& commit,
               metrics::Metrics* metrics);
  ~AgentGateway() override;

  /// Loads the key store, binds the ZAP handler, then the agent endpoint.
  Status start();
  void stop();
  std::string boundEndpoint() const { return bound_; }

  bool send(const std::string& nodeId, const std::string& bytes) override;
  /// Sends on a raw routing id (replies to the connection a message came from).
  bool sendRouting(const std::string& routingId, const std::string& bytes);

  Registry& registry() { return registry_; }
  const Registry& registry() const { return registry_; }
  const KeyStore& keys() const { return keys_; }

  /// Operator actions (clusterbench keys ...). Reject and delete drop a connected node at once.
  Result<AgentKey> acceptKey(const std::string& keyOrPrefix);
  Result<std::vector<AgentKey>> acceptAllPending();
  Result<AgentKey> rejectKey(const std::string& keyOrPrefix);
  Result<AgentKey> deleteKey(const std::string& keyOrPrefix);

  /// A node registered (or registered again): info, first time since start, back from lost.
  std::function<void(const NodeInfo&, bool isNew, bool returned)> onRegistered;
  using MessageHandler =
      std::function<void(const std::string& nodeId, proto::Envelope::Body::Reader body)>;
  /// Accepts `kind` from registered nodes and hands it to `handler`.
  void handle(proto::Envelope::Body::Which kind, MessageHandler handler);
  /// Declares nodes silent for too long lost and publishes heartbeat ages; returns the lost ids.
  std::vector<std::string> sweep(std::chrono::steady_clock::time_point now);

  /// One message from the agent socket: [routing id, envelope] and the peer's authenticated key
  /// (ZAP user id). Checked, decoded and dispatched as the contract above says; never throws.
  /// Public so that tests and the fuzz target (fuzz/controller_envelope.cpp) feed messages
  /// without a socket (replies then go nowhere).
  void onAgentFrames(wire::Frames&& frames, wire::LoopSocket::Peer&& peer);

 private:
  void onZap(wire::Frames&& frames);
  void handleHello(const std::string& key, const std::string& address, const std::string& routingId,
                   std::uint64_t requestId, proto::Hello::Reader hello);
  void refuse(const std::string& routingId, std::uint64_t requestId, const std::string& reason,
              const std::string& metricReason);
  bool tokenValid(const std::string& presented);
  /// Records the key; false (logged) when the store refused it.
  bool persist(const AgentKey& key);
  void dropNode(const AgentKey& key, const std::string& why);
  void onNodeMetrics(const std::string& nodeId, const std::string& routingId,
                     std::uint64_t requestId, proto::NodeMetrics::Reader metrics);

  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  GatewayConfig config_;
  wire::KeyPair curveKeys_;
  store::Store& store_;
  GroupCommit& commit_;
  metrics::Metrics* metrics_;
  KeyStore keys_;
  Registry registry_;
  std::unique_ptr<wire::LoopSocket> zap_;
  std::unique_ptr<wire::LoopSocket> agents_;
  std::string bound_;
  /// When a drain of the agent socket last left nothing waiting (see the liveness note above).
  std::chrono::steady_clock::time_point caughtUp_{};
  bool behind_ = false;
  std::map<proto::Envelope::Body::Which, MessageHandler> handlers_;
  // Join tokens, re-read when the file changes.
  std::vector<JoinToken> tokens_;
  std::filesystem::file_time_type tokensMtime_{};
  std::uintmax_t tokensSize_ = 0;
  bool tokensLoaded_ = false;
};

}  // namespace cb::controller
