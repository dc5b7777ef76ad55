#pragma once
// The persisted network configuration of the internal interface, in the two formats the
// network applier writes. Pure; values are validated before (names, addresses, CIDRs).
#include <string>

#include "spec/node_config.hpp"

namespace cb::agent::config {

inline constexpr const char* kNetplanPath = "/etc/netplan/60-clusterbench.yaml";
inline constexpr const char* kNetworkdPath = "/etc/systemd/network/60-clusterbench.network";

/// A netplan v2 file for `interface` as the seed writes it: dhcp4 off, the address, a default
/// route via `gateway` (when set) and the DNS servers (when any).
std::string renderNetplan(const spec::NodeConfig& config);

/// The same as a systemd-networkd .network file ([Match] Name=, [Network] Address= Gateway= DNS=).
std::string renderNetworkd(const spec::NodeConfig& config);

}  // namespace cb::agent::config
