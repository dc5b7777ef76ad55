#pragma once
// The enrollment key store: every agent CURVE public key the controller has seen, in one of
// three states, and the node id each accepted key is bound to. Identity is the key: the node id
// of a message is the id bound to the key that authenticated its connection, never a field the
// agent chose. Pure logic: the caller persists what the methods return and passes the time in.
// Thread-safety: single-threaded (the controller loop).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::controller {

enum class KeyState { kPending, kAccepted, kRejected };
const char* toString(KeyState s);
std::optional<KeyState> keyStateFromString(const std::string& s);

struct AgentKey {
  std::string publicKey;      // Z85, 40 characters: the identity
  KeyState state = KeyState::kPending;
  std::string nodeId;         // bound at first acceptance, "" before; never changes afterwards
  std::string claimedNodeId;  // the node id the key's last hello asked for
  std::string hostname;       // reported by the agent, for the operator only
  std::string address;        // peer address of its last connection
  std::int64_t firstSeenMs = 0;
  std::int64_t lastSeenMs = 0;
};

/// What the ZAP handler answers for a key during the CURVE handshake.
struct ZapDecision {
  bool allow = false;
  std::string reason;  // why not, for the log and the ZAP status text
};

/// Outcome of a hello from a key.
struct HelloDecision {
  enum class Kind {
    kRegistered,  // accepted key: welcome it as `nodeId`
    kPending,     // recorded, waits for an operator (or a valid token)
    kRefused,     // refused; `reason` says why (logged on both sides)
  };
  Kind kind = Kind::kRefused;
  std::string nodeId;
  std::string reason;
  bool acceptedNow = false;  // the hello's token accepted the key just now
  bool changed = false;      // `key` must be persisted
  AgentKey key;              // the key's record after the hello
};

class KeyStore {
 public:
  /// `maxPending`: unknown keys are refused at the handshake once this many keys are pending.
  explicit KeyStore(std::size_t maxPending = 1024) : maxPending_(maxPending) {}

  /// Replaces the contents (from the persistent store at start-up).
  void load(std::vector<AgentKey> keys);

  /// ZAP: accepted keys pass, rejected keys fail, unknown and pending keys pass (they may only
  /// say hello) while fewer than maxPending keys are pending.
  ZapDecision admit(const std::string& publicKey) const;

  /// A hello from `publicKey` (authenticated by CURVE) claiming `claimedNodeId` (already checked
  /// to be 32 hex digits). `tokenPresented`/`tokenValid`: whether the hello carried a token and
  /// whether it matched a live join token. A valid token accepts a pending or unknown key and
  /// binds the claimed node id, unless another key holds that node id (refused). An accepted key
  /// must claim the node id it is bound to.
  HelloDecision onHello(const std::string& publicKey, const std::string& claimedNodeId,
                        const std::string& hostname, const std::string& address,
                        bool tokenPresented, bool tokenValid, std::int64_t nowMs);

  /// Operator actions by full key or unique prefix (at least 6 characters). accept binds the
  /// node id the key last claimed; it fails when another key holds it. Each returns the key
  /// record after the change (for persistence; for remove, the record removed).
  Result<AgentKey> accept(const std::string& keyOrPrefix);
  Result<AgentKey> reject(const std::string& keyOrPrefix);
  Result<AgentKey> remove(const std::string& keyOrPrefix);

  /// Full key for a key or unique prefix.
  Result<std::string> resolve(const std::string& keyOrPrefix) const;

  const AgentKey* find(const std::string& publicKey) const;
  /// The key bound to `nodeId`, if any.
  const AgentKey* findByNodeId(const std::string& nodeId) const;
  std::vector<const AgentKey*> all() const;  // first seen first
  std::vector<std::string> pendingKeys() const;
  std::size_t pendingCount() const { return pending_; }

 private:
  void recount();

  std::size_t maxPending_;
  std::map<std::string, AgentKey> keys_;            // by public key
  std::map<std::string, std::string> byNodeId_;     // bound node id -> public key
  std::size_t pending_ = 0;
};

}  // namespace cb::controller
