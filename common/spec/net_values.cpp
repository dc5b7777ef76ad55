// Addresses, names, paths and package names (see net_values.hpp); option lists are in
// net_options.cpp.
#include "spec/net_values.hpp"

#include <algorithm>

#include "net/hostname.hpp"
#include "util/quoted.hpp"

namespace cb::spec {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool isAlnum(char c) {
  return isDigit(c) || isLower(c) || (c >= 'A' && c <= 'Z');
}
bool isHex(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isBlankOrControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f;
}

}  // namespace

Status checkClusterName(std::string_view text) {
  bool ok = !text.empty() && text.size() <= 63 && text.front() != '-' && text.back() != '-' &&
            std::all_of(text.begin(), text.end(),
                        [](char c) { return isLower(c) || isDigit(c) || c == '-'; });
  if (!ok) {
    return fail(quoted(text) +
                " is not a valid cluster name (a-z, 0-9 and '-', 1 to 63 characters, not "
                "starting or ending with '-')");
  }
  return okStatus();
}

Status checkAbsolutePath(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return fail(quoted(text) + " is not an absolute clean path: " + why);
  };
  if (text.empty() || text.front() != '/') return bad("it must start with '/'");
  if (text.size() == 1) return bad("it is the root directory itself");
  if (text.size() > 4095) return bad("longer than 4095 bytes");
  if (std::any_of(text.begin(), text.end(), isBlankOrControl)) {
    return bad("it has a blank or control character");
  }
  if (text.back() == '/') return bad("it ends with '/'");
  std::string_view rest = text.substr(1);
  while (true) {
    auto slash = rest.find('/');
    auto part = rest.substr(0, slash);
    if (part.empty()) return bad("it has an empty component ('//')");
    if (part == "." || part == "..") return bad("it has a '" + std::string(part) + "' component");
    if (slash == std::string_view::npos) return okStatus();
    rest.remove_prefix(slash + 1);
  }
}

Status checkInterfaceName(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return fail(quoted(text) + " is not an interface name: " + why);
  };
  if (text.empty()) return bad("it is empty");
  if (text.size() > 15) return bad("longer than 15 characters");
  if (text == "." || text == "..") return bad("'.' and '..' are reserved");
  for (char c : text) {
    if (!isAlnum(c) && c != '_' && c != '.' && c != '-') {
      return bad(isBlankOrControl(c) ? std::string("it has a blank or control character")
                                     : "'" + std::string(1, c) +
                                           "' is not allowed (letters, digits, '_', '.', '-')");
    }
  }
  if (text.front() == '-') return bad("it starts with '-'");
  return okStatus();
}

Status checkMac(std::string_view text) {
  bool ok = text.size() == 17;
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    ok = i % 3 == 2 ? text[i] == ':' : isHex(text[i]);
  }
  if (!ok) return fail(quoted(text) + " is not a MAC address (expected e.g. 08:00:27:be:2e:41)");
  return okStatus();
}

std::string normalizeMac(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status checkPackageName(std::string_view text) {
  bool ok = text.size() >= 2 && (isLower(text[0]) || isDigit(text[0])) &&
            std::all_of(text.begin(), text.end(), [](char c) {
              return isLower(c) || isDigit(c) || c == '+' || c == '.' || c == '-';
            });
  if (!ok) {
    return fail(quoted(text) +
                " is not a Debian package name (a-z, 0-9, '+', '.', '-', at least 2 "
                "characters, starting with a letter or digit)");
  }
  return okStatus();
}

Result<NfsSource> parseNfsSource(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return fail(quoted(text) + " is not an NFS source (expected host:/path, e.g. master:/shared)");
  }
  NfsSource out{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  if (auto s = net::checkHostOrIpv4(out.host); !s) {
    return fail(quoted(text) + " is not an NFS source: " + s.error());
  }
  if (auto s = checkAbsolutePath(out.path); !s) {
    return fail(quoted(text) + " is not an NFS source: " + s.error());
  }
  return out;
}

}  // namespace cb::spec
