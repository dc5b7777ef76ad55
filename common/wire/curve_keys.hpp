#pragma once
// CURVE key pairs (Z85 text, 40 characters each) and their persistence.
#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace cb::wire {

struct KeyPair {
  std::string publicKey;  // Z85, 40 chars
  std::string secretKey;  // Z85, 40 chars
};

/// A fresh random key pair from libzmq.
KeyPair generateKeyPair();

/// True when text is a well-formed Z85 CURVE key (40 chars of the Z85 alphabet).
bool isValidKey(const std::string& text);

/// Loads `<dir>/<name>.key` (secret, mode 0600) and `<dir>/<name>.pub`; creates both on first use.
/// Contract: never overwrites an existing key; a malformed file is an error naming it.
Result<KeyPair> loadOrCreateKeyPair(const std::filesystem::path& dir, const std::string& name);

/// Reads a public key from a file (surrounding whitespace ignored). Errors name the file.
Result<std::string> readPublicKey(const std::filesystem::path& file);

}  // namespace cb::wire
