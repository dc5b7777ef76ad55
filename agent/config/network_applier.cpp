#include "config/network_applier.hpp"

#include <algorithm>

#include "config/network_files.hpp"

namespace cb::agent::config {

Result<NetworkCurrent> observeNetwork(const spec::NodeConfig& desired, ConfigEnv& env) {
  NetworkCurrent current;
  std::string path;
  if (env.fs.exists("/etc/netplan") && env.runner.available("netplan")) {
    current.persistence = NetworkPersistence::kNetplan;
    path = kNetplanPath;
  } else if (env.fs.exists("/etc/systemd/network")) {
    current.persistence = NetworkPersistence::kNetworkd;
    path = kNetworkdPath;
  }
  if (!path.empty()) {
    auto file = env.fs.read(path);
    if (!file) return fail(file.error());
    current.persisted = *file;
  }

  const std::vector<std::string> addrProbe{"ip", "-j", "addr", "show", "dev", desired.interface};
  const CommandResult addr = env.runner.run(addrProbe);
  if (!addr.ok())
    return fail("interface " + desired.interface + ": " + commandFailure(addrProbe, addr));
  auto link = parseIpAddrShow(addr.out);
  if (!link) return fail(link.error());
  current.link = std::move(*link);

  if (!desired.gateway.empty()) {
    const std::vector<std::string> routeProbe{"ip", "-j", "route", "show", "default"};
    const CommandResult route = env.runner.run(routeProbe);
    if (!route.ok()) return fail(commandFailure(routeProbe, route));
    auto parsed = parseDefaultRoute(route.out);
    if (!parsed) return fail(parsed.error());
    current.defaultRoute = *parsed;
  }
  return current;
}

Plan planNetwork(const spec::NodeConfig& desired, const NetworkCurrent& current) {
  Plan plan;
  bool netplanChanged = false;
  switch (current.persistence) {
    case NetworkPersistence::kNetplan:
      // netplan warns about (and newer versions refuse) files readable by others.
      if (auto change =
              changeIfDifferent(kNetplanPath, current.persisted, renderNetplan(desired), 0600)) {
        plan.files.push_back(std::move(*change));
        netplanChanged = true;
      }
      break;
    case NetworkPersistence::kNetworkd:
      if (auto change =
              changeIfDifferent(kNetworkdPath, current.persisted, renderNetworkd(desired))) {
        plan.files.push_back(std::move(*change));
        plan.notes.push_back(std::string(kNetworkdPath) +
                             " takes effect when systemd-networkd next starts; the running "
                             "system is set with ip");
      }
      break;
    case NetworkPersistence::kNone:
      plan.notes.push_back(
          "no netplan or systemd-networkd here: the address and route are set on the running "
          "system only" +
          std::string(desired.dns.empty() ? "" : ", and DNS servers are not configured"));
      break;
  }

  const auto& iface = desired.interface;
  if (!current.link.adminUp) plan.commands.push_back({{"ip", "link", "set", "dev", iface, "up"}});
  const auto& addrs = current.link.addresses;
  if (std::find(addrs.begin(), addrs.end(), desired.address) == addrs.end()) {
    plan.commands.push_back({{"ip", "addr", "add", desired.address, "dev", iface}});
  }
  if (!desired.gateway.empty()) {
    const auto& route = current.defaultRoute;
    if (!route || route->gateway != desired.gateway || route->device != iface) {
      plan.commands.push_back(
          {{"ip", "route", "replace", "default", "via", desired.gateway, "dev", iface}});
    }
  }
  if (netplanChanged) plan.commands.push_back({{"netplan", "apply"}, true});
  return plan;
}

Applier networkApplier() {
  return {"network",
          [](const spec::NodeConfig& config) {
            return !config.interface.empty() && !config.address.empty();
          },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observeNetwork(config, env);
            if (!current) return fail(current.error());
            return planNetwork(config, *current);
          }};
}

}  // namespace cb::agent::config
