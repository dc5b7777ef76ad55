// resolveCluster(): registered nodes matched to spec entries (see cluster_spec.hpp).
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "spec/cluster_spec.hpp"

namespace cb::spec {
namespace {

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

/// Node indices in join order, ties broken by node id.
std::vector<std::size_t> joinOrder(const std::vector<NodeIdentity>& nodes) {
  std::vector<std::size_t> order(nodes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (nodes[a].joinOrder != nodes[b].joinOrder) return nodes[a].joinOrder < nodes[b].joinOrder;
    return nodes[a].nodeId < nodes[b].nodeId;
  });
  return order;
}

struct Matching {
  std::vector<std::optional<std::size_t>> nodeOf;  // per entry: index into nodes
  std::vector<MatchReason> reason;                 // per entry
  std::vector<bool> matched;                       // per node
  std::vector<std::string> warnings;
};

bool pinned(const ClusterSpec& spec, std::size_t entry) {
  return !spec.nodes[entry].nodeId.empty();
}

/// Entries that pin a node id get that node, if it is registered.
void matchByNodeId(const ClusterSpec& spec, const std::vector<NodeIdentity>& nodes, Matching& m) {
  for (std::size_t e = 0; e < spec.nodes.size(); ++e) {
    if (!pinned(spec, e)) continue;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      if (lower(nodes[n].nodeId) != spec.nodes[e].nodeId) continue;
      m.nodeOf[e] = n;
      m.reason[e] = MatchReason::kNodeId;
      m.matched[n] = true;
      break;
    }
  }
}

/// A node reported what identifies a pinned entry: it does not get the entry.
void warnPinned(const ClusterSpec& spec, std::size_t entry, const NodeIdentity& node,
                const std::string& what, Matching& m) {
  m.warnings.push_back("node " + node.nodeId + " reports " + what + " of " +
                       spec.nodes[entry].hostname + ", which the spec pins to node " +
                       spec.nodes[entry].nodeId + "; not matched by it");
}

Status matchByMac(const ClusterSpec& spec, const std::vector<NodeIdentity>& nodes,
                  const std::vector<std::size_t>& order, Matching& m) {
  std::map<std::string, std::size_t> entryOfMac;
  for (std::size_t e = 0; e < spec.nodes.size(); ++e) {
    for (const auto& mac : spec.nodes[e].macs) entryOfMac.emplace(lower(mac), e);
  }
  for (std::size_t n : order) {
    if (m.matched[n]) continue;  // pinned by its node id
    std::optional<std::size_t> entry;
    std::string via;
    for (const auto& reported : nodes[n].macs) {
      auto it = entryOfMac.find(lower(reported));
      if (it == entryOfMac.end() || it->second == entry) continue;
      if (entry) {
        return fail("node " + nodes[n].nodeId + " reports MAC " + via + " of " +
                    spec.nodes[*entry].hostname + " and MAC " + it->first + " of " +
                    spec.nodes[it->second].hostname);
      }
      entry = it->second;
      via = it->first;
    }
    if (!entry) continue;
    if (pinned(spec, *entry)) {
      warnPinned(spec, *entry, nodes[n], "MAC " + via, m);
      continue;
    }
    if (auto other = m.nodeOf[*entry]) {
      return fail("nodes " + nodes[*other].nodeId + " and " + nodes[n].nodeId +
                  " both report a MAC of " + spec.nodes[*entry].hostname + " (" + via + ")");
    }
    m.nodeOf[*entry] = n;
    m.reason[*entry] = MatchReason::kMac;
    m.matched[n] = true;
  }
  return okStatus();
}

void matchByHostname(const ClusterSpec& spec, const std::vector<NodeIdentity>& nodes,
                     const std::vector<std::size_t>& order, Matching& m) {
  for (std::size_t n : order) {
    if (m.matched[n] || nodes[n].hostname.empty()) continue;
    auto name = lower(nodes[n].hostname);
    for (std::size_t e = 0; e < spec.nodes.size(); ++e) {
      if (lower(spec.nodes[e].hostname) != name) continue;
      if (pinned(spec, e)) {
        warnPinned(spec, e, nodes[n], "host name " + nodes[n].hostname, m);
      } else if (auto other = m.nodeOf[e]) {
        m.warnings.push_back("node " + nodes[n].nodeId + " reports host name " + nodes[n].hostname +
                             ", already matched to node " + nodes[*other].nodeId +
                             "; it is matched by join order instead");
      } else {
        m.nodeOf[e] = n;
        m.reason[e] = MatchReason::kHostname;
        m.matched[n] = true;
      }
      break;
    }
  }
}

void matchByJoinOrder(const ClusterSpec& spec, const std::vector<std::size_t>& order, Matching& m) {
  std::size_t e = 0;
  for (std::size_t n : order) {
    if (m.matched[n]) continue;
    while (e < spec.nodes.size() && (m.nodeOf[e] || pinned(spec, e))) ++e;
    if (e == spec.nodes.size()) return;
    m.nodeOf[e] = n;
    m.reason[e] = MatchReason::kJoinOrder;
    m.matched[n] = true;
  }
}

/// Warns about interfaces of `config` that `node` did not report.
void checkInterfaces(const NodeConfig& config, const NodeIdentity& node,
                     std::vector<std::string>& warnings) {
  std::vector<std::string> wanted = {config.interface};
  if (config.natEnabled && config.natOutInterface != config.interface) {
    wanted.push_back(config.natOutInterface);
  }
  const std::string who = config.hostname + " (node " + node.nodeId + "): ";
  if (node.interfaces.empty()) {
    warnings.push_back(who + "the node reported no interfaces, so " + joined(wanted) +
                       " could not be checked");
    return;
  }
  for (const auto& name : wanted) {
    if (std::find(node.interfaces.begin(), node.interfaces.end(), name) == node.interfaces.end()) {
      warnings.push_back(who + "interface " + name + " is not on the node (it has " +
                         joined(node.interfaces) + ")");
    }
  }
}

}  // namespace

const char* toString(MatchReason reason) {
  switch (reason) {
    case MatchReason::kNodeId:
      return "node id";
    case MatchReason::kMac:
      return "mac";
    case MatchReason::kHostname:
      return "hostname";
    case MatchReason::kJoinOrder:
      break;
  }
  return "join order";
}

Result<Resolution> resolveCluster(const ClusterSpec& spec, const std::vector<NodeIdentity>& nodes) {
  std::set<std::string> ids;
  for (const auto& n : nodes) {
    if (!ids.insert(n.nodeId).second) return fail("node id " + n.nodeId + " is given twice");
  }
  auto order = joinOrder(nodes);
  Matching m{std::vector<std::optional<std::size_t>>(spec.nodes.size()),
             std::vector<MatchReason>(spec.nodes.size(), MatchReason::kJoinOrder),
             std::vector<bool>(nodes.size(), false),
             {}};
  matchByNodeId(spec, nodes, m);
  if (auto s = matchByMac(spec, nodes, order, m); !s) return fail(s.error());
  matchByHostname(spec, nodes, order, m);
  matchByJoinOrder(spec, order, m);

  Resolution r;
  r.warnings = std::move(m.warnings);
  for (std::size_t e = 0; e < spec.nodes.size(); ++e) {
    if (!m.nodeOf[e]) {
      r.unmatchedEntries.push_back(spec.nodes[e].hostname);
      continue;
    }
    const NodeIdentity& node = nodes[*m.nodeOf[e]];
    ResolvedNode resolved{node.nodeId, e, m.reason[e], nodeConfigFor(spec, e)};
    if (auto s = validateNodeConfig(resolved.config); !s) {
      return fail("the config of " + spec.nodes[e].hostname + " is invalid:\n" + s.error());
    }
    checkInterfaces(resolved.config, node, r.warnings);
    r.nodes.push_back(std::move(resolved));
  }
  for (std::size_t n : order) {
    if (!m.matched[n]) r.unmatchedNodes.push_back(nodes[n].nodeId);
  }
  return r;
}

}  // namespace cb::spec
