// validateNodeConfig(): every field of a resolved node config (see node_config.hpp).
#include "spec/node_config.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "net/hostname.hpp"
#include "net/ipv4.hpp"
#include "spec/net_values.hpp"

namespace cb::spec {
namespace {

/// Collects "field: message" lines.
class Problems {
 public:
  void add(const std::string& field, const std::string& message) {
    lines_ += (lines_.empty() ? "" : "\n") + field + ": " + message;
  }
  /// Adds `s`'s error under `field` when it failed; true when it passed.
  bool check(const std::string& field, const Status& s) {
    if (!s) add(field, s.error());
    return s.ok();
  }
  Status status() const { return lines_.empty() ? okStatus() : Status(fail(lines_)); }

 private:
  std::string lines_;
};

std::string indexed(const std::string& field, std::size_t i) {
  return field + "[" + std::to_string(i) + "]";
}

Status asStatus(const Result<net::Ipv4>& r) {
  return r ? okStatus() : Status(fail(r.error()));
}

/// `value` must be set when `enabled`; when set it must pass `check`.
template <typename Check>
void checkPart(Problems& p, bool enabled, const std::string& part, const std::string& field,
               const std::string& value, Check check) {
  if (value.empty()) {
    if (enabled) p.add(field, "required when " + part + " is on");
    return;
  }
  p.check(field, check(value));
}

void checkAddressing(Problems& p, const NodeConfig& c) {
  p.check("interface", checkInterfaceName(c.interface));
  std::optional<net::Ipv4Interface> own;
  if (auto a = net::parseIpv4Interface(c.address)) {
    own = *a;
  } else {
    p.add("address", a.error());
  }
  if (!c.gateway.empty()) {
    if (auto g = net::parseIpv4(c.gateway); !g) {
      p.add("gateway", g.error());
    } else if (own && !own->network().isHostAddress(*g)) {
      p.add("gateway", c.gateway + " is not a host address of " + own->network().str() +
                           ", the network of address " + c.address);
    } else if (own && *g == own->address) {
      p.add("gateway", c.gateway + " is this node's own address");
    }
  }
  for (std::size_t i = 0; i < c.dns.size(); ++i) {
    p.check(indexed("dns", i), asStatus(net::parseIpv4(c.dns[i])));
  }
}

void checkHosts(Problems& p, const NodeConfig& c) {
  std::map<std::string, std::string> nameOwner;  // lower-case name -> field that listed it
  std::map<std::string, std::string> addressOwner;
  for (std::size_t i = 0; i < c.hosts.size(); ++i) {
    const HostEntry& h = c.hosts[i];
    auto field = indexed("hosts", i);
    if (p.check(field + ".address", asStatus(net::parseIpv4(h.address)))) {
      auto [it, fresh] = addressOwner.emplace(h.address, field);
      if (!fresh) p.add(field + ".address", h.address + " is already listed in " + it->second);
    }
    if (h.names.empty()) p.add(field + ".names", "no host names");
    for (std::size_t j = 0; j < h.names.size(); ++j) {
      auto nameField = indexed(field + ".names", j);
      if (!p.check(nameField, net::checkHostname(h.names[j]))) continue;
      std::string key = h.names[j];
      std::transform(key.begin(), key.end(), key.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      auto [it, fresh] = nameOwner.emplace(key, nameField);
      if (!fresh) p.add(nameField, "'" + h.names[j] + "' is already listed in " + it->second);
    }
  }
}

void checkParts(Problems& p, const NodeConfig& c) {
  checkPart(p, c.natEnabled, "natEnabled", "natOutInterface", c.natOutInterface,
            checkInterfaceName);
  checkPart(p, c.natEnabled, "natEnabled", "natSource", c.natSource,
            [](const std::string& v) -> Status {
              auto network = net::parseCidr(v);
              return network ? okStatus() : Status(fail(network.error()));
            });

  checkPart(p, c.nfsExportEnabled, "nfsExportEnabled", "sharedPath", c.sharedPath,
            checkAbsolutePath);
  checkPart(p, c.nfsExportEnabled, "nfsExportEnabled", "exportOptions", c.exportOptions,
            checkExportOptions);
  if (c.nfsExportEnabled && c.exportClients.empty()) {
    p.add("exportClients", "required when nfsExportEnabled is on");
  }
  for (std::size_t i = 0; i < c.exportClients.size(); ++i) {
    p.check(indexed("exportClients", i), checkExportClient(c.exportClients[i]));
  }

  checkPart(p, c.autofsEnabled, "autofsEnabled", "autofsMountPoint", c.autofsMountPoint,
            checkAbsolutePath);
  checkPart(p, c.autofsEnabled, "autofsEnabled", "autofsOptions", c.autofsOptions,
            checkAutofsOptions);
  checkPart(p, c.autofsEnabled, "autofsEnabled", "autofsSource", c.autofsSource,
            [](const std::string& v) -> Status {
              auto source = parseNfsSource(v);
              return source ? okStatus() : Status(fail(source.error()));
            });

  for (std::size_t i = 0; i < c.packages.size(); ++i) {
    auto field = indexed("packages", i);
    if (!p.check(field, checkPackageName(c.packages[i]))) continue;
    auto first = std::find(c.packages.begin(), c.packages.end(), c.packages[i]);
    if (first != c.packages.begin() + static_cast<std::ptrdiff_t>(i)) {
      p.add(field, "'" + c.packages[i] + "' is already listed in " +
                       indexed("packages", static_cast<std::size_t>(first - c.packages.begin())));
    }
  }
}

}  // namespace

Status validateNodeConfig(const NodeConfig& c) {
  Problems p;
  p.check("clusterName", checkClusterName(c.clusterName));
  p.check("hostname", net::checkHostLabel(c.hostname));
  if (c.role != "master" && c.role != "worker") {
    p.add("role", "'" + c.role + "' is not master or worker");
  }
  checkAddressing(p, c);
  checkHosts(p, c);
  checkParts(p, c);
  return p.status();
}

}  // namespace cb::spec
