#pragma once
// Join tokens: shared secrets that accept an agent's key automatically when its hello carries
// one. They live in one file in the controller's state dir (`join-tokens`, mode 0600), one token
// per line: `TOKEN EXPIRES_AT_MS` (0 = never), `#` comments. Never on a command line.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::controller {

struct JoinToken {
  std::string token;           // 64 lower-case hex digits when made by createJoinToken
  std::int64_t expiresAtMs = 0;  // 0 = never
};

/// Parses the token file's text; errors name `fileName`, the line and the value.
Result<std::vector<JoinToken>> parseJoinTokens(const std::string& text,
                                               const std::string& fileName);

/// True when `presented` equals a token that has not expired at `nowMs`. The comparison takes
/// the same time whichever token or byte differs (every token is compared in full).
bool joinTokenMatches(const std::vector<JoinToken>& tokens, const std::string& presented,
                      std::int64_t nowMs);

/// `<stateDir>/join-tokens`.
std::filesystem::path joinTokenFile(const std::filesystem::path& stateDir);

/// Makes a random token (256 bits from the kernel's CSPRNG), appends it to the state dir's token
/// file (created 0600; expired tokens are dropped) and returns it. ttl 0 = never expires.
Result<JoinToken> createJoinToken(const std::filesystem::path& stateDir,
                                  std::chrono::seconds ttl, std::int64_t nowMs);

/// The tokens in `<stateDir>/join-tokens`; no file = no tokens.
Result<std::vector<JoinToken>> readJoinTokens(const std::filesystem::path& stateDir);

}  // namespace cb::controller
