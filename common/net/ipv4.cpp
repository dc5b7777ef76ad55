#include "net/ipv4.hpp"

#include <cassert>
#include <cstdio>
#include <optional>

#include "util/quoted.hpp"

namespace cb::net {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

std::uint32_t maskFor(int prefix) {
  return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
}

/// A decimal prefix length in min..32 without leading zeros.
std::optional<int> parsePrefix(std::string_view text, int min) {
  if (text.empty() || text.size() > 2 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  int v = 0;
  for (char c : text) {
    if (!isDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < min || v > 32) return std::nullopt;
  return v;
}

}  // namespace

std::string Ipv4::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", value >> 24, (value >> 16) & 0xff,
                (value >> 8) & 0xff, value & 0xff);
  return buf;
}

Cidr Cidr::containing(Ipv4 address, int prefix) {
  assert(prefix >= 0 && prefix <= 32);
  return Cidr(Ipv4{address.value & maskFor(prefix)}, prefix);
}

std::uint32_t Cidr::mask() const {
  return maskFor(prefix_);
}
Ipv4 Cidr::last() const {
  return Ipv4{network_.value | ~mask()};
}
std::uint64_t Cidr::size() const {
  return std::uint64_t{1} << (32 - prefix_);
}
bool Cidr::contains(Ipv4 address) const {
  return (address.value & mask()) == network_.value;
}
bool Cidr::contains(const Cidr& inner) const {
  return inner.prefix_ >= prefix_ && contains(inner.network_);
}
bool Cidr::isHostAddress(Ipv4 address) const {
  if (!contains(address)) return false;
  return prefix_ >= 31 || (address != network_ && address != last());
}
std::string Cidr::str() const {
  return network_.str() + "/" + std::to_string(prefix_);
}

std::string Ipv4Interface::str() const {
  return address.str() + "/" + std::to_string(prefix);
}

Result<Ipv4> parseIpv4(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return fail(quoted(text) + " is not an IPv4 address (" + why + ")");
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
  return Ipv4{address};
}

Result<Cidr> parseCidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(quoted(text) + " is not a network (expected a.b.c.d/len, e.g. 192.168.0.0/24)");
  }
  auto address = parseIpv4(text.substr(0, slash));
  if (!address) return fail(quoted(text) + " is not a network: " + address.error());
  auto prefix = parsePrefix(text.substr(slash + 1), 0);
  if (!prefix) {
    return fail(quoted(text) + " is not a network (the prefix length must be 0 to 32)");
  }
  auto net = Cidr::containing(*address, *prefix);
  if (net.network() != *address) {
    return fail(quoted(text) + " has host bits set (the network is " + net.str() + ")");
  }
  return net;
}

Result<Cidr> parseNetmaskNetwork(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(quoted(text) + " is not a network (expected a.b.c.d/m.m.m.m)");
  }
  auto address = parseIpv4(text.substr(0, slash));
  if (!address) return fail(quoted(text) + " is not a network: " + address.error());
  auto mask = parseIpv4(text.substr(slash + 1));
  if (!mask) return fail(quoted(text) + " is not a network: the netmask " + mask.error());
  int prefix = 0;
  while (prefix < 32 && (mask->value & (std::uint32_t{1} << (31 - prefix))) != 0) ++prefix;
  if (maskFor(prefix) != mask->value) {
    return fail(quoted(text) + " is not a network: the netmask is not contiguous");
  }
  auto net = Cidr::containing(*address, prefix);
  if (net.network() != *address) {
    return fail(quoted(text) + " has host bits set (the network is " + net.network().str() + "/" +
                mask->str() + ")");
  }
  return net;
}

Result<Ipv4Interface> parseIpv4Interface(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(quoted(text) + " is not an address with a prefix length (e.g. 192.168.0.1/24)");
  }
  auto address = parseIpv4(text.substr(0, slash));
  if (!address) return fail(address.error());
  auto prefix = parsePrefix(text.substr(slash + 1), 1);
  if (!prefix) return fail(quoted(text) + ": the prefix length must be 1 to 32");
  Ipv4Interface out{*address, *prefix};
  auto net = out.network();
  if (!net.isHostAddress(*address)) {
    return fail(quoted(text) + " is the " + (*address == net.network() ? "network" : "broadcast") +
                " address of " + net.str() + ", not a host address");
  }
  return out;
}

}  // namespace cb::net
