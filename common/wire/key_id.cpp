#include "wire/key_id.hpp"

#include <zmq.h>

#include <cctype>
#include <cstdint>

#include "wire/curve_keys.hpp"

namespace cb::wire {

std::string keyId(const std::string& z85) {
  if (!isValidKey(z85)) return "";
  std::uint8_t raw[32];
  if (zmq_z85_decode(raw, z85.c_str()) == nullptr) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto b : raw) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

bool looksLikeKeyId(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  for (unsigned char c : text) {
    if (!std::isxdigit(c)) return false;
  }
  return true;
}

}  // namespace cb::wire
