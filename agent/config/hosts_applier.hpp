#pragma once
// /etc/hosts: the managed block lists every node of the cluster ("ADDRESS NAME..." per line, as
// the seed writes them); the user's lines around it are kept.
#include <optional>
#include <string>
#include <vector>

#include "config/applier.hpp"

namespace cb::agent::config {

struct HostsCurrent {
  std::optional<std::string> etcHosts;  // nullopt = missing
};

Result<HostsCurrent> observeHosts(ConfigEnv& env);

/// The block body: one "ADDRESS NAME [ALIAS...]" line per entry, in the given order.
std::string renderHostsBlock(const std::vector<spec::HostEntry>& hosts);

/// Replaces the managed block (see managed_block.hpp for damaged blocks). Notes name every user
/// line that maps one of the cluster's names to another address: the resolver takes the first
/// match, so such a line may shadow the block.
Plan planHosts(const spec::NodeConfig& desired, const HostsCurrent& current);

Applier hostsApplier();

}  // namespace cb::agent::config
