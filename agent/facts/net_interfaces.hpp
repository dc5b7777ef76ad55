#pragma once
// Addresses and MACs of the live network namespace (getifaddrs), with pure formatting helpers.
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sockaddr;

namespace cb::agent {

struct InterfaceAddresses {
  /// "198.18.0.2/24", "fe80::1/64": IPv4 and IPv6 addresses of non-loopback interfaces.
  std::vector<std::string> addresses;
  /// "02:42:ac:11:00:02": 6-byte, non-zero link-layer addresses of non-loopback interfaces.
  std::vector<std::string> macs;
  /// Names of non-loopback interfaces, in getifaddrs() order, without duplicates.
  std::vector<std::string> names;
};

/// Lists the live interfaces through getifaddrs(), in its order, without duplicates (bridge ports
/// and bonds share MACs). Empty when getifaddrs() fails. Thread-safe.
InterfaceAddresses listInterfaceAddresses();

/// "address/prefix" for an AF_INET or AF_INET6 address; the prefix counts the netmask's leading one
/// bits, and is the full length when netmask is null. nullopt for other families or a null address.
std::optional<std::string> formatCidr(const sockaddr* address, const sockaddr* netmask);

/// Number of leading one bits of a netmask.
int prefixLength(std::span<const unsigned char> netmask);

/// Lowercase, colon-separated hex bytes ("02:42:ac:11:00:02").
std::string formatMac(std::span<const unsigned char> bytes);

}  // namespace cb::agent
