#pragma once
// IPv4 addresses and networks: the one parser the cluster spec, node configs, benchmark
// parameters, the lab and the daemon use. Pure: no I/O, no resolver.
//
// Text is strict: four decimal octets 0-255 without leading zeros (inet_aton would read "010" as
// octal 8, so such text is refused rather than guessed), prefix lengths in decimal without
// leading zeros, and a network never has host bits set. Every error names the value in quotes,
// e.g. "'192.168.0.1/24' has host bits set (the network is 192.168.0.0/24)"; callers prefix
// their own field or option.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::net {

/// An IPv4 address; `value` is in host byte order (192.168.0.1 is 0xc0a80001).
struct Ipv4 {
  std::uint32_t value = 0;

  /// "192.168.0.1".
  std::string str() const;
  /// The address `offset` further on; wraps modulo 2^32, so callers bound `offset` by the
  /// network they count in.
  Ipv4 plus(std::uint32_t offset) const { return Ipv4{value + offset}; }
  friend auto operator<=>(const Ipv4&, const Ipv4&) = default;
};

/// An IPv4 network: an address with no host bits set and a prefix length 0..32. The default is
/// 0.0.0.0/0.
class Cidr {
 public:
  Cidr() = default;
  /// The network of prefix length `prefix` (0..32, asserted) that holds `address`.
  static Cidr containing(Ipv4 address, int prefix);

  Ipv4 network() const { return network_; }
  int prefix() const { return prefix_; }
  /// The netmask in host byte order (0xffffff00 for /24).
  std::uint32_t mask() const;
  /// The last address of the network (the broadcast address below /31).
  Ipv4 last() const;
  /// How many addresses the network spans (2^(32 - prefix)).
  std::uint64_t size() const;
  bool contains(Ipv4 address) const;
  /// True when every address of `inner` is in this network.
  bool contains(const Cidr& inner) const;
  /// True when `address` may be given to a host: inside the network and, below /31, neither the
  /// network nor the broadcast address (RFC 3021 lets /31 and /32 use every address).
  bool isHostAddress(Ipv4 address) const;
  /// "192.168.0.0/24"; parseCidr() reads it back.
  std::string str() const;

  friend bool operator==(const Cidr&, const Cidr&) = default;

 private:
  Cidr(Ipv4 network, int prefix) : network_(network), prefix_(prefix) {}
  Ipv4 network_;
  int prefix_ = 0;
};

/// An address of a host on a network: "192.168.0.1/24".
struct Ipv4Interface {
  Ipv4 address;
  int prefix = 0;

  Cidr network() const { return Cidr::containing(address, prefix); }
  /// "192.168.0.1/24".
  std::string str() const;
  friend bool operator==(const Ipv4Interface&, const Ipv4Interface&) = default;
};

/// Dotted quad "a.b.c.d" (see the file comment for the octet rules).
Result<Ipv4> parseIpv4(std::string_view text);

/// "a.b.c.d/len" naming a network: len 0..32 and no host bits set (the error gives the network
/// when they are).
Result<Cidr> parseCidr(std::string_view text);

/// "a.b.c.d/m.m.m.m" naming a network with a contiguous netmask, as /etc/exports accepts it; no
/// host bits set.
Result<Cidr> parseNetmaskNetwork(std::string_view text);

/// "a.b.c.d/len" with len 1..32 naming a host address of that network: not its network or
/// broadcast address below /31. This is the form of a node's configured address and of the
/// addresses the agent reports in its facts; IPv6 text is an error like any other.
Result<Ipv4Interface> parseIpv4Interface(std::string_view text);

}  // namespace cb::net
