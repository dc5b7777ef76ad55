#include "registry/key_store.hpp"

#include <algorithm>
#include <cctype>

#include "wire/key_id.hpp"

namespace cb::controller {

const char* toString(KeyState s) {
  switch (s) {
    case KeyState::kPending:
      return "pending";
    case KeyState::kAccepted:
      return "accepted";
    case KeyState::kRejected:
      return "rejected";
  }
  return "pending";
}

std::optional<KeyState> keyStateFromString(const std::string& s) {
  if (s == "pending") return KeyState::kPending;
  if (s == "accepted") return KeyState::kAccepted;
  if (s == "rejected") return KeyState::kRejected;
  return std::nullopt;
}

void KeyStore::load(std::vector<AgentKey> keys) {
  keys_.clear();
  byNodeId_.clear();
  for (auto& k : keys) {
    if (!k.nodeId.empty()) byNodeId_[k.nodeId] = k.publicKey;
    keys_[k.publicKey] = std::move(k);
  }
  recount();
}

void KeyStore::recount() {
  pending_ = static_cast<std::size_t>(std::count_if(
      keys_.begin(), keys_.end(), [](const auto& kv) { return kv.second.state == KeyState::kPending; }));
}

ZapDecision KeyStore::admit(const std::string& publicKey) const {
  auto it = keys_.find(publicKey);
  if (it != keys_.end()) {
    switch (it->second.state) {
      case KeyState::kAccepted:
      case KeyState::kPending:
        return {true, ""};
      case KeyState::kRejected:
        return {false, "key rejected"};
    }
  }
  if (pending_ >= maxPending_) return {false, "too many pending keys"};
  return {true, ""};
}

HelloDecision KeyStore::onHello(const std::string& publicKey, const std::string& claimedNodeId,
                                const std::string& hostname, const std::string& address,
                                bool tokenPresented, bool tokenValid, std::int64_t nowMs) {
  HelloDecision d;
  auto it = keys_.find(publicKey);
  if (it == keys_.end()) {
    if (pending_ >= maxPending_) {
      d.reason = "too many keys are pending acceptance";
      return d;
    }
    AgentKey k;
    k.publicKey = publicKey;
    k.firstSeenMs = nowMs;
    it = keys_.emplace(publicKey, std::move(k)).first;
    ++pending_;
  }
  AgentKey& k = it->second;
  k.claimedNodeId = claimedNodeId;
  k.hostname = hostname;
  k.address = address;
  k.lastSeenMs = nowMs;
  d.changed = true;

  if (k.state == KeyState::kRejected) {
    d.reason = "key rejected by the operator";
  } else if (k.state == KeyState::kAccepted) {
    if (claimedNodeId == k.nodeId) {
      d.kind = HelloDecision::Kind::kRegistered;
      d.nodeId = k.nodeId;
    } else {
      d.reason = "this key is bound to node " + k.nodeId + ", not " + claimedNodeId;
    }
  } else {
    auto holder = byNodeId_.find(claimedNodeId);
    bool taken = holder != byNodeId_.end() && holder->second != publicKey;
    if (taken) {
      d.reason = "node id " + claimedNodeId + " belongs to another key";
    } else if (tokenPresented && !tokenValid) {
      d.reason = "join token not valid (unknown or expired)";
    } else if (tokenValid) {
      k.state = KeyState::kAccepted;
      k.nodeId = claimedNodeId;
      byNodeId_[claimedNodeId] = publicKey;
      --pending_;
      d.kind = HelloDecision::Kind::kRegistered;
      d.nodeId = k.nodeId;
      d.acceptedNow = true;
    } else {
      d.kind = HelloDecision::Kind::kPending;
      d.reason = "key " + publicKey + " is pending acceptance";
    }
  }
  d.key = k;
  return d;
}

Result<std::string> KeyStore::resolve(const std::string& keyOrPrefix) const {
  if (keys_.count(keyOrPrefix)) return keyOrPrefix;
  // A key id (hex) prefix: compared case-insensitively against every key's id.
  if (wire::looksLikeKeyId(keyOrPrefix) && keyOrPrefix.size() >= wire::kMinKeyIdPrefix) {
    std::string lower = keyOrPrefix;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string found;
    for (const auto& [key, _] : keys_) {
      if (wire::keyId(key).compare(0, lower.size(), lower) != 0) continue;
      if (!found.empty()) return fail("key id '" + keyOrPrefix + "' matches more than one key");
      found = key;
    }
    if (!found.empty()) return found;
  }
  if (keyOrPrefix.size() < 6) {
    return fail("key '" + keyOrPrefix + "' is unknown (give at least " +
                std::to_string(wire::kMinKeyIdPrefix) + " digits of its id)");
  }
  std::string found;
  for (auto it = keys_.lower_bound(keyOrPrefix);
       it != keys_.end() && it->first.compare(0, keyOrPrefix.size(), keyOrPrefix) == 0; ++it) {
    if (!found.empty()) return fail("key prefix '" + keyOrPrefix + "' matches more than one key");
    found = it->first;
  }
  if (found.empty()) return fail("no key matches '" + keyOrPrefix + "'");
  return found;
}

Result<AgentKey> KeyStore::accept(const std::string& keyOrPrefix) {
  auto key = resolve(keyOrPrefix);
  if (!key) return Error{key.error()};
  AgentKey& k = keys_.at(*key);
  if (k.state == KeyState::kAccepted) return k;
  if (k.nodeId.empty()) {
    if (k.claimedNodeId.empty()) return fail("key " + *key + " has not said hello yet");
    auto holder = byNodeId_.find(k.claimedNodeId);
    if (holder != byNodeId_.end() && holder->second != *key) {
      return fail("node id " + k.claimedNodeId + " that key " + *key +
                  " claims belongs to key " + holder->second + " (delete that key first)");
    }
    k.nodeId = k.claimedNodeId;
    byNodeId_[k.nodeId] = *key;
  }
  k.state = KeyState::kAccepted;
  recount();
  return k;
}

Result<AgentKey> KeyStore::reject(const std::string& keyOrPrefix) {
  auto key = resolve(keyOrPrefix);
  if (!key) return Error{key.error()};
  AgentKey& k = keys_.at(*key);
  k.state = KeyState::kRejected;  // the node id stays bound: nobody else may take it
  recount();
  return k;
}

Result<AgentKey> KeyStore::remove(const std::string& keyOrPrefix) {
  auto key = resolve(keyOrPrefix);
  if (!key) return Error{key.error()};
  AgentKey k = keys_.at(*key);
  if (!k.nodeId.empty()) byNodeId_.erase(k.nodeId);
  keys_.erase(*key);
  recount();
  return k;
}

const AgentKey* KeyStore::find(const std::string& publicKey) const {
  auto it = keys_.find(publicKey);
  return it == keys_.end() ? nullptr : &it->second;
}

const AgentKey* KeyStore::findByNodeId(const std::string& nodeId) const {
  auto it = byNodeId_.find(nodeId);
  return it == byNodeId_.end() ? nullptr : find(it->second);
}

std::vector<const AgentKey*> KeyStore::all() const {
  std::vector<const AgentKey*> out;
  for (const auto& [_, k] : keys_) out.push_back(&k);
  std::stable_sort(out.begin(), out.end(), [](const AgentKey* a, const AgentKey* b) {
    return a->firstSeenMs < b->firstSeenMs;
  });
  return out;
}

std::vector<std::string> KeyStore::pendingKeys() const {
  std::vector<std::string> out;
  for (const auto* k : all()) {
    if (k->state == KeyState::kPending) out.push_back(k->publicKey);
  }
  return out;
}

}  // namespace cb::controller
