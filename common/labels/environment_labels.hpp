#pragma once
// The `environment` and `virt_tech` labels of a run, from the facts of the nodes taking part.
// Pure: the caller passes the nodes and the labels the user gave (already checked with
// checkRunLabels()).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "labels/environment.hpp"

namespace cb::labels {

struct NodeEnvironment {
  std::string environment;  // toString(Environment), as the registry keeps it; "" when unknown
  std::string virtTech;     // systemd-detect-virt id: "kvm", "oracle", "docker", "none", ...
};

/// `labels` (a JSON object) with `environment` and `virt_tech` added from `nodes`:
///  - environment: the nodes' common environment, kMixed when they differ;
///  - virt_tech: the nodes' common technology, kMixed when they differ.
/// What the user gave wins: an `environment` label is kept as it is, and so is `virt_tech`;
/// when the user named the environment but not the technology, virt_tech is added only if the
/// nodes' environment is the one the user named (otherwise it would describe something else).
/// Nothing is added for an empty `nodes` or a field no node reports.
nlohmann::json withEnvironmentLabels(nlohmann::json labels,
                                     const std::vector<NodeEnvironment>& nodes);

}  // namespace cb::labels
