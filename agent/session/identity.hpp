#pragma once
// The agent's persistent identity: node id and CURVE key pair, kept in its state dir so a
// restarted agent is the same node to the controller.
#include <filesystem>
#include <string>

#include "util/result.hpp"
#include "wire/curve_keys.hpp"

namespace cb::agent {

struct Identity {
  std::string nodeId;  // 32 lower-case hex characters, generated once
  wire::KeyPair keys;
};

/// Loads `<dir>/node-id` and `<dir>/agent.{key,pub}`, creating them on first start.
Result<Identity> loadOrCreateIdentity(const std::filesystem::path& stateDir);

}  // namespace cb::agent
