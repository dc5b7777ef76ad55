#pragma once
// Parsers for iproute2's JSON output (`ip -j ...`, iproute2 6.1 format, fixtures in
// tests/data/node_config). Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::agent::config {

struct LinkState {
  std::string name;
  bool adminUp = false;                // "UP" among the link flags (`ip link set dev X up`)
  std::vector<std::string> addresses;  // IPv4 "local/prefixlen", in the kernel's order
};

/// The single link of `ip -j addr show dev IF`; an error when the output is not that.
Result<LinkState> parseIpAddrShow(std::string_view json);

struct DefaultRoute {
  std::string gateway;  // empty for a device route without a next hop
  std::string device;
};

/// The first route of `ip -j route show default`; nullopt when there is none.
Result<std::optional<DefaultRoute>> parseDefaultRoute(std::string_view json);

}  // namespace cb::agent::config
