#pragma once
// The internal interface: its address, the default route and DNS, persisted with netplan (when
// the root has /etc/netplan and netplan is installed) or else systemd-networkd (when the root has
// /etc/systemd/network), and in every case set on the running system with `ip` when missing, so
// containers and minimal images without either work too.
#include <optional>
#include <string>

#include "config/applier.hpp"
#include "config/ip_json.hpp"

namespace cb::agent::config {

enum class NetworkPersistence { kNetplan, kNetworkd, kNone };

struct NetworkCurrent {
  NetworkPersistence persistence = NetworkPersistence::kNone;
  std::optional<std::string> persisted;      // our file for that persistence; nullopt = missing
  LinkState link;                            // `ip -j addr show dev IF`
  std::optional<DefaultRoute> defaultRoute;  // `ip -j route show default` (only with a gateway)
};

/// Picks the persistence, reads our file and probes the link (an error when the interface does
/// not exist) and, when a gateway is wanted, the default route.
Result<NetworkCurrent> observeNetwork(const spec::NodeConfig& desired, ConfigEnv& env);

/// Writes the persisted file when it differs (`netplan apply` then, as a service command); runs
/// `ip link set dev IF up`, `ip addr add ADDRESS dev IF` and `ip route replace default via GW
/// dev IF` only for what the running system lacks.
Plan planNetwork(const spec::NodeConfig& desired, const NetworkCurrent& current);

Applier networkApplier();

}  // namespace cb::agent::config
