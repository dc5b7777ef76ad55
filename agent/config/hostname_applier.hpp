#pragma once
// Hostname: /etc/hostname holds the name (persisted), `hostname NAME` sets the running one.
#include <optional>
#include <string>

#include "config/applier.hpp"

namespace cb::agent::config {

struct HostnameCurrent {
  std::optional<std::string> etcHostname;  // file content; nullopt = missing
  std::string running;                     // output of `hostname`, trimmed
};

/// Reads /etc/hostname and runs `hostname`; an error when the probe fails.
Result<HostnameCurrent> observeHostname(ConfigEnv& env);

/// Writes /etc/hostname ("NAME\n") unless its first line already is the name; runs
/// `hostname NAME` when the running name differs.
Plan planHostname(const spec::NodeConfig& desired, const HostnameCurrent& current);

Applier hostnameApplier();

}  // namespace cb::agent::config
