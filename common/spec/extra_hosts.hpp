#pragma once
// The hosts lines a cluster spec's nodes get for registered nodes the spec does not list (a
// worker started beyond its entries). What those nodes report is not trusted: each line is
// validated as the spec's own entries are, and a bad one is skipped with a warning, never a
// reason to refuse the apply. Pure.
#include <string>
#include <vector>

#include "spec/cluster_spec.hpp"
#include "spec/node_config.hpp"

namespace cb::spec {

/// A registered node no spec entry matched, as it reported itself.
struct UnlistedNode {
  std::string nodeId;
  std::string hostname;
  std::vector<std::string> addresses;  // as in its facts: "a.b.c.d/len"
};

struct ExtraHosts {
  std::vector<HostEntry> entries;
  std::vector<std::string> warnings;  // one per skipped node: which node and why
};

/// One entry per node of `nodes`, in order, with its first reported address inside the spec's
/// network. A node with no such address is not a member of the cluster's network and is left
/// out without a warning. Skipped with a warning: a hostname that is not an RFC 1123 host name,
/// or that a spec node or an earlier entry already has (case-insensitive), and an address a spec
/// node or an earlier entry already has.
ExtraHosts extraHostEntries(const ClusterSpec& spec, const std::vector<UnlistedNode>& nodes);

}  // namespace cb::spec
