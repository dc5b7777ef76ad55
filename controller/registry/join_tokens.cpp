#include "registry/join_tokens.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "os/atomic_file.hpp"

namespace cb::controller {

Result<std::vector<JoinToken>> parseJoinTokens(const std::string& text,
                                               const std::string& fileName) {
  std::vector<JoinToken> tokens;
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string token, expiry, extra;
    if (!(words >> token)) continue;
    JoinToken t;
    t.token = token;
    if (token.size() < 16 || token.find_first_of(" \t\"'\\") != std::string::npos) {
      return fail(fileName + ":" + std::to_string(lineNo) + ": token must have at least 16 characters");
    }
    if (words >> expiry) {
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(expiry.c_str(), &end, 10);
      if (errno != 0 || end == expiry.c_str() || *end != '\0' || v < 0) {
        return fail(fileName + ":" + std::to_string(lineNo) + ": expiry '" + expiry +
                    "' is not a time in milliseconds since the epoch");
      }
      t.expiresAtMs = v;
    }
    if (words >> extra) {
      return fail(fileName + ":" + std::to_string(lineNo) + ": unexpected '" + extra + "'");
    }
    tokens.push_back(std::move(t));
  }
  return tokens;
}

bool joinTokenMatches(const std::vector<JoinToken>& tokens, const std::string& presented,
                      std::int64_t nowMs) {
  if (presented.empty()) return false;
  bool matched = false;
  for (const auto& t : tokens) {
    // Length differences are not secret (every token we make has 64 characters); the bytes are
    // compared without an early exit.
    unsigned char diff = t.token.size() == presented.size() ? 0 : 1;
    for (std::size_t i = 0; i < t.token.size(); ++i) {
      diff |= static_cast<unsigned char>(t.token[i] ^ presented[i % presented.size()]);
    }
    bool live = t.expiresAtMs == 0 || nowMs < t.expiresAtMs;
    matched |= (diff == 0) & live;
  }
  return matched;
}

std::filesystem::path joinTokenFile(const std::filesystem::path& stateDir) {
  return stateDir / "join-tokens";
}

Result<std::vector<JoinToken>> readJoinTokens(const std::filesystem::path& stateDir) {
  auto file = joinTokenFile(stateDir);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::vector<JoinToken>{};
  auto text = os::readFile(file);
  if (!text) return Error{text.error()};
  return parseJoinTokens(*text, file.string());
}

Result<JoinToken> createJoinToken(const std::filesystem::path& stateDir,
                                  std::chrono::seconds ttl, std::int64_t nowMs) {
  unsigned char bytes[32];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::string("cannot read random bytes: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(n);
  }
  static const char* kHex = "0123456789abcdef";
  JoinToken t;
  for (unsigned char b : bytes) {
    t.token += kHex[b >> 4];
    t.token += kHex[b & 15];
  }
  t.expiresAtMs = ttl.count() > 0 ? nowMs + ttl.count() * 1000 : 0;
  auto existing = readJoinTokens(stateDir);
  if (!existing) return Error{existing.error()};
  std::string text = "# clusterbench join tokens: TOKEN EXPIRES_AT_MS (0 = never)\n";
  for (const auto& old : *existing) {
    if (old.expiresAtMs != 0 && old.expiresAtMs <= nowMs) continue;
    text += old.token + " " + std::to_string(old.expiresAtMs) + "\n";
  }
  text += t.token + " " + std::to_string(t.expiresAtMs) + "\n";
  if (auto s = os::writeFileAtomic(joinTokenFile(stateDir), text, 0600); !s) {
    return Error{s.error()};
  }
  return t;
}

}  // namespace cb::controller
