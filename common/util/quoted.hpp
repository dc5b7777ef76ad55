#pragma once
// How error messages show a value the user gave: in single quotes, with control characters
// (tabs and newlines included) written as \xNN so the message stays on one line.
#include <cstdio>
#include <string>
#include <string_view>

namespace cb {

/// "'text'" with every byte below 0x20 and 0x7f as \xNN; blanks and other bytes are kept.
inline std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace cb
