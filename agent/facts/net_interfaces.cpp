#include "facts/net_interfaces.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace cb::agent {
namespace {

void addUnique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

}  // namespace

int prefixLength(std::span<const unsigned char> netmask) {
  int bits = 0;
  for (unsigned char byte : netmask) {
    const int ones = std::countl_one(byte);
    bits += ones;
    if (ones < 8) break;
  }
  return bits;
}

std::string formatMac(std::span<const unsigned char> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    if (!out.empty()) out += ':';
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

std::optional<std::string> formatCidr(const sockaddr* address, const sockaddr* netmask) {
  if (address == nullptr) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  int prefix = 0;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    if (inet_ntop(AF_INET, &in.sin_addr, text, sizeof text) == nullptr) return std::nullopt;
    prefix = 32;
    if (netmask != nullptr) {
      sockaddr_in mask{};
      std::memcpy(&mask, netmask, sizeof mask);
      prefix = prefixLength(std::span(reinterpret_cast<const unsigned char*>(&mask.sin_addr), 4));
    }
  } else if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text) == nullptr) return std::nullopt;
    prefix = 128;
    if (netmask != nullptr) {
      sockaddr_in6 mask{};
      std::memcpy(&mask, netmask, sizeof mask);
      prefix = prefixLength(std::span(reinterpret_cast<const unsigned char*>(&mask.sin6_addr), 16));
    }
  } else {
    return std::nullopt;
  }
  return std::string(text) + "/" + std::to_string(prefix);
}

InterfaceAddresses listInterfaceAddresses() {
  InterfaceAddresses out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || (it->ifa_flags & IFF_LOOPBACK) != 0) continue;
    addUnique(out.names, it->ifa_name);
    if (it->ifa_addr->sa_family == AF_PACKET) {
      sockaddr_ll ll{};
      std::memcpy(&ll, it->ifa_addr, sizeof ll);
      if (ll.sll_halen != 6) continue;  // tunnels and the like have no Ethernet address
      const std::span<const unsigned char> mac(ll.sll_addr, 6);
      if (std::any_of(mac.begin(), mac.end(), [](unsigned char b) { return b != 0; })) {
        addUnique(out.macs, formatMac(mac));
      }
    } else if (auto cidr = formatCidr(it->ifa_addr, it->ifa_netmask)) {
      addUnique(out.addresses, std::move(*cidr));
    }
  }
  ::freeifaddrs(list);
  return out;
}

}  // namespace cb::agent
