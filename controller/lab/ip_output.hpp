#pragma once
// Pure parsers for the text iproute2 prints (`ip netns list`, `ip -o link show`,
// `ip -o -4 addr show`). Unknown lines are skipped, never an error.
#include <string>
#include <vector>

namespace cb::lab {

/// Namespace names from `ip netns list` ("cb-master (id: 0)" -> "cb-master").
std::vector<std::string> parseNetnsList(const std::string& text);

/// Interface names from `ip -o link show` ("15: cb-master@if2: <...>" -> "cb-master").
std::vector<std::string> parseLinkNames(const std::string& text);

struct InterfaceAddress {
  std::string interface;  // "eth0"
  std::string cidr;       // "192.0.2.2/24"
};

/// IPv4 addresses from `ip -o -4 addr show` ("4: eth0    inet 192.0.2.2/24 brd ...").
std::vector<InterfaceAddress> parseIpv4Addresses(const std::string& text);

}  // namespace cb::lab
