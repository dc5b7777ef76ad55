#include "net/hostname.hpp"

#include <algorithm>

#include "net/ipv4.hpp"
#include "util/quoted.hpp"

namespace cb::net {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isBlankOrControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f;
}

/// Why `label` is not an RFC 1123 label, or "" when it is one. `numericOk`: an all-digit label
/// is allowed (inner labels of a dotted name).
std::string labelProblem(std::string_view label, bool numericOk) {
  if (label.empty()) return "an empty label";
  if (label.size() > 63) return "a label longer than 63 characters";
  for (char c : label) {
    if (!isAlnum(c) && c != '-') {
      return isBlankOrControl(c) ? std::string("a blank or control character")
                                 : "'" + std::string(1, c) + "' (letters, digits and '-' only)";
    }
  }
  if (label.front() == '-' || label.back() == '-') return "a label starting or ending with '-'";
  if (!numericOk && std::all_of(label.begin(), label.end(), isDigit)) {
    return "only digits (it would read as an address)";
  }
  return "";
}

}  // namespace

Status checkHostLabel(std::string_view text) {
  if (auto why = labelProblem(text, false); !why.empty()) {
    return fail(quoted(text) + " is not an RFC 1123 host name: it has " + why);
  }
  return okStatus();
}

Status checkHostname(std::string_view text) {
  if (text.size() > 253) {
    return fail(quoted(text.substr(0, 20)) + "... is not an RFC 1123 host name: longer than 253");
  }
  std::string_view rest = text;
  while (true) {
    auto dot = rest.find('.');
    bool last = dot == std::string_view::npos;
    if (auto why = labelProblem(rest.substr(0, dot), !last); !why.empty()) {
      return fail(quoted(text) + " is not an RFC 1123 host name: it has " + why);
    }
    if (last) return okStatus();
    rest.remove_prefix(dot + 1);
  }
}

Status checkHostOrIpv4(std::string_view text) {
  bool looksNumeric = !text.empty() && std::all_of(text.begin(), text.end(),
                                                   [](char c) { return isDigit(c) || c == '.'; });
  if (looksNumeric) {
    auto address = parseIpv4(text);
    return address ? okStatus() : Status(fail(address.error()));
  }
  return checkHostname(text);
}

}  // namespace cb::net
