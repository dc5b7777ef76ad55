#include "spec/extra_hosts.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "net/hostname.hpp"
#include "net/ipv4.hpp"

namespace cb::spec {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

ExtraHosts extraHostEntries(const ClusterSpec& spec, const std::vector<UnlistedNode>& nodes) {
  ExtraHosts out;
  std::set<std::string> names, addresses;
  for (const auto& n : spec.nodes) {
    names.insert(lower(n.hostname));
    addresses.insert(n.address);
  }
  for (const auto& node : nodes) {
    std::string address;
    for (const auto& a : node.addresses) {
      auto i = net::parseIpv4Interface(a);
      if (i && spec.network.contains(i->address)) {
        address = i->address.str();
        break;
      }
    }
    if (address.empty()) continue;
    const std::string who = "node " + node.nodeId + " (" + address + ")";
    std::string why;
    if (auto s = net::checkHostname(node.hostname); !s) {
      why = s.error();
    } else if (names.count(lower(node.hostname))) {
      why = "the name '" + node.hostname + "' is taken by the spec or another node";
    } else if (addresses.count(address)) {
      why = "the address " + address + " is taken by the spec or another node";
    }
    if (!why.empty()) {
      out.warnings.push_back(who + ": no hosts line: " + why);
      continue;
    }
    names.insert(lower(node.hostname));
    addresses.insert(address);
    out.entries.push_back(HostEntry{address, {node.hostname}});
  }
  return out;
}

}  // namespace cb::spec
