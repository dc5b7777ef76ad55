#pragma once
// Key ids: how people name an agent's CURVE key. A Z85 key holds characters a shell treats
// specially (& $ # * ? ! ...), so operators compare and type the key id instead: the 32 raw key
// bytes in lowercase hex (64 digits). Tables show its first kShortKeyId digits; any unique hex
// prefix of at least kMinKeyIdPrefix digits names the key.
#include <cstddef>
#include <string>

namespace cb::wire {

inline constexpr std::size_t kShortKeyId = 16;
inline constexpr std::size_t kMinKeyIdPrefix = 8;

/// The key id of a Z85 public key; "" when `z85` is not a well-formed key.
std::string keyId(const std::string& z85);

/// True when `text` could be (a prefix of) a key id: 1-64 hex digits, either case.
bool looksLikeKeyId(const std::string& text);

}  // namespace cb::wire
