// Addresses, names, paths and package names (see net_values.hpp); option lists are in
// net_options.cpp.
#include "spec/net_values.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

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

std::string inQuotes(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (isBlankOrControl(c) && c != ' ') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "'";
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

std::optional<int> parsePrefixLength(std::string_view text, int min) {
  if (text.empty() || text.size() > 2 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  int v = 0;
  for (char c : text) {
    if (!isDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < min || v > 32) return std::nullopt;
  return v;
}

std::uint32_t maskFor(int prefixLength) {
  return prefixLength == 0 ? 0 : ~std::uint32_t{0} << (32 - prefixLength);
}

}  // namespace

std::uint32_t Ipv4Cidr::mask() const {
  return maskFor(prefixLength);
}
std::uint32_t Ipv4Cidr::last() const {
  return network | ~mask();
}
bool Ipv4Cidr::contains(std::uint32_t address) const {
  return (address & mask()) == network;
}
bool Ipv4Cidr::isHostAddress(std::uint32_t address) const {
  if (!contains(address)) return false;
  return prefixLength >= 31 || (address != network && address != last());
}
std::string Ipv4Cidr::str() const {
  return formatIpv4(network) + "/" + std::to_string(prefixLength);
}

Ipv4Cidr Ipv4Interface::network() const {
  return {address & maskFor(prefixLength), prefixLength};
}

Result<std::uint32_t> parseIpv4(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return fail(inQuotes(text) + " is not an IPv4 address (" + why + ")");
  };
  std::uint32_t address = 0;
  std::string_view rest = text;
  for (int part = 0; part < 4; ++part) {
    std::size_t len = 0;
    while (len < rest.size() && isDigit(rest[len])) ++len;
    auto octet = rest.substr(0, len);
    if (octet.empty() || octet.size() > 3) return bad("expected a.b.c.d with octets 0-255");
    if (octet.size() > 1 && octet[0] == '0') {
      return bad("octet '" + std::string(octet) + "' has a leading zero");
    }
    int value = 0;
    for (char c : octet) value = value * 10 + (c - '0');
    if (value > 255) return bad("octet " + std::string(octet) + " is above 255");
    address = (address << 8) | static_cast<std::uint32_t>(value);
    rest.remove_prefix(len);
    if (part < 3) {
      if (rest.empty() || rest[0] != '.') return bad("expected a.b.c.d with octets 0-255");
      rest.remove_prefix(1);
    }
  }
  if (!rest.empty()) return bad("expected a.b.c.d with octets 0-255");
  return address;
}

std::string formatIpv4(std::uint32_t a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
                a & 0xff);
  return buf;
}

Result<Ipv4Cidr> parseCidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(inQuotes(text) + " is not a network (expected a.b.c.d/len, e.g. 192.168.0.0/24)");
  }
  auto address = parseIpv4(text.substr(0, slash));
  if (!address) return fail(inQuotes(text) + " is not a network: " + address.error());
  auto length = parsePrefixLength(text.substr(slash + 1), 0);
  if (!length) {
    return fail(inQuotes(text) + " is not a network (the prefix length must be 0 to 32)");
  }
  Ipv4Cidr net{*address & maskFor(*length), *length};
  if (net.network != *address) {
    return fail(inQuotes(text) + " has host bits set (the network is " + net.str() + ")");
  }
  return net;
}

Result<Ipv4Cidr> parseNetmaskNetwork(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(inQuotes(text) + " is not a network (expected a.b.c.d/m.m.m.m)");
  }
  auto address = parseIpv4(text.substr(0, slash));
  if (!address) return fail(inQuotes(text) + " is not a network: " + address.error());
  auto mask = parseIpv4(text.substr(slash + 1));
  if (!mask) return fail(inQuotes(text) + " is not a network: the netmask " + mask.error());
  int length = 0;
  while (length < 32 && (*mask & (std::uint32_t{1} << (31 - length))) != 0) ++length;
  if (maskFor(length) != *mask) {
    return fail(inQuotes(text) + " is not a network: the netmask is not contiguous");
  }
  Ipv4Cidr net{*address & *mask, length};
  if (net.network != *address) {
    return fail(inQuotes(text) + " has host bits set (the network is " + formatIpv4(net.network) +
                "/" + formatIpv4(*mask) + ")");
  }
  return net;
}

Result<Ipv4Interface> parseIpv4Interface(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(inQuotes(text) + " is not an address with a prefix length (e.g. 192.168.0.1/24)");
  }
  auto address = parseIpv4(text.substr(0, slash));
  if (!address) return fail(address.error());
  auto length = parsePrefixLength(text.substr(slash + 1), 1);
  if (!length) return fail(inQuotes(text) + ": the prefix length must be 1 to 32");
  Ipv4Interface out{*address, *length};
  auto net = out.network();
  if (!net.isHostAddress(*address)) {
    return fail(inQuotes(text) + " is the " + (*address == net.network ? "network" : "broadcast") +
                " address of " + net.str() + ", not a host address");
  }
  return out;
}

Status checkHostLabel(std::string_view text) {
  if (auto why = labelProblem(text, false); !why.empty()) {
    return fail(inQuotes(text) + " is not an RFC 1123 host name: it has " + why);
  }
  return okStatus();
}

Status checkHostname(std::string_view text) {
  if (text.size() > 253) {
    return fail(inQuotes(text.substr(0, 20)) + "... is not an RFC 1123 host name: longer than 253");
  }
  std::string_view rest = text;
  while (true) {
    auto dot = rest.find('.');
    bool last = dot == std::string_view::npos;
    if (auto why = labelProblem(rest.substr(0, dot), !last); !why.empty()) {
      return fail(inQuotes(text) + " is not an RFC 1123 host name: it has " + why);
    }
    if (last) return okStatus();
    rest.remove_prefix(dot + 1);
  }
}

Status checkClusterName(std::string_view text) {
  bool ok = !text.empty() && text.size() <= 63 && text.front() != '-' && text.back() != '-' &&
            std::all_of(text.begin(), text.end(),
                        [](char c) { return isLower(c) || isDigit(c) || c == '-'; });
  if (!ok) {
    return fail(inQuotes(text) +
                " is not a valid cluster name (a-z, 0-9 and '-', 1 to 63 characters, not "
                "starting or ending with '-')");
  }
  return okStatus();
}

Status checkAbsolutePath(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return fail(inQuotes(text) + " is not an absolute clean path: " + why);
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
    return fail(inQuotes(text) + " is not an interface name: " + why);
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
  if (!ok) return fail(inQuotes(text) + " is not a MAC address (expected e.g. 08:00:27:be:2e:41)");
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
    return fail(inQuotes(text) +
                " is not a Debian package name (a-z, 0-9, '+', '.', '-', at least 2 "
                "characters, starting with a letter or digit)");
  }
  return okStatus();
}

Result<NfsSource> parseNfsSource(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return fail(inQuotes(text) + " is not an NFS source (expected host:/path, e.g. master:/shared)");
  }
  NfsSource out{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  if (!parseIpv4(out.host) && !checkHostname(out.host)) {
    return fail(inQuotes(text) + " is not an NFS source: " + inQuotes(out.host) +
                " is not an IPv4 address or RFC 1123 host name");
  }
  if (auto s = checkAbsolutePath(out.path); !s) {
    return fail(inQuotes(text) + " is not an NFS source: " + s.error());
  }
  return out;
}

}  // namespace cb::spec
