#include "util/safe_text.hpp"

namespace cb::util {
namespace {

/// Length of the valid UTF-8 sequence starting at text[i] and its code point; 0 when the bytes
/// there are not one. `bad` receives the length of the maximal invalid subpart (>= 1) then.
std::size_t decodeOne(std::string_view text, std::size_t i, char32_t& cp, std::size_t& bad) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b0 = byte(i);
  bad = 1;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= text.size()) return 0;
    unsigned char b = byte(i + k);
    unsigned char min = k == 1 ? lo : 0x80;
    unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return 0;
    cp = (cp << 6) | (b & 0x3F);
    bad = k + 1;
  }
  return need + 1;
}

bool isControl(char32_t cp, bool keepLayout) {
  if (keepLayout && (cp == '\n' || cp == '\t')) return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

std::string sanitize(std::string_view text, bool keepLayout) {
  std::string out;
  std::size_t i = 0;
  // Fast path: nothing to replace keeps the string as it is.
  while (i < text.size()) {
    char32_t cp = 0;
    std::size_t bad = 1;
    std::size_t n = decodeOne(text, i, cp, bad);
    if (n == 0 || isControl(cp, keepLayout)) break;
    i += n;
  }
  if (i == text.size()) return std::string(text);
  out.reserve(text.size() + 8);
  out.append(text.substr(0, i));
  while (i < text.size()) {
    char32_t cp = 0;
    std::size_t bad = 1;
    std::size_t n = decodeOne(text, i, cp, bad);
    if (n == 0) {
      out.append(kReplacement);
      i += bad;
    } else if (isControl(cp, keepLayout)) {
      out.append(kReplacement);
      i += n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace

std::string safeText(std::string_view text) {
  return sanitize(text, true);
}

std::string safeLine(std::string_view text) {
  return sanitize(text, false);
}

}  // namespace cb::util
