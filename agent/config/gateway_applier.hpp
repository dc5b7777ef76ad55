#pragma once
// The master as the cluster's gateway: IPv4 forwarding (persisted in
// /etc/sysctl.d/99-clusterbench-ipforward.conf, set with `sysctl -w` when off) and one
// MASQUERADE rule for the internal network out of the NAT-side interface, added once (only when
// `iptables -C` says it is absent) and persisted as iptables-persistent does: the output of
// `iptables-save` in /etc/iptables/rules.v4.
#include <optional>
#include <string>
#include <vector>

#include "config/applier.hpp"

namespace cb::agent::config {

inline constexpr const char* kIpForwardConfPath = "/etc/sysctl.d/99-clusterbench-ipforward.conf";
inline constexpr const char* kRulesV4Path = "/etc/iptables/rules.v4";

struct GatewayCurrent {
  std::optional<std::string> ipForwardConf;  // our sysctl.d file; nullopt = missing
  std::string ipForward;                     // `sysctl -n net.ipv4.ip_forward`, trimmed
  bool iptablesInstalled = false;
  bool masqueradePresent = false;  // `iptables -t nat -C ...` succeeded
  bool iptablesSaveInstalled = false;
  bool netfilterPersistentInstalled = false;  // loads rules.v4 at boot
  std::optional<std::string> rulesV4;
};

/// The rule's arguments after the table and chain operation: [-s SRC] [-o IF] -j MASQUERADE.
std::vector<std::string> masqueradeRule(const spec::NodeConfig& desired);

/// The rule as iptables-save prints it ("-A POSTROUTING -s 192.168.0.0/24 -o enp0s3 -j
/// MASQUERADE"). natSource is printed as given: spec::validateNodeConfig() admits only a network
/// as net::parseCidr() reads it (no host bits, an explicit prefix), which is iptables-save's form.
std::string masqueradeSaveLine(const spec::NodeConfig& desired);

Result<GatewayCurrent> observeGateway(const spec::NodeConfig& desired, ConfigEnv& env);

/// Plans the sysctl.d file, `sysctl -w net.ipv4.ip_forward=1` when forwarding is off, `iptables
/// -t nat -A POSTROUTING ...` when the rule is absent (also when iptables is not installed yet:
/// the packages step may install it), and `iptables-save` into rules.v4 when the rule is added or
/// rules.v4 lacks it.
Plan planGateway(const spec::NodeConfig& desired, const GatewayCurrent& current);

Applier gatewayApplier();

}  // namespace cb::agent::config
