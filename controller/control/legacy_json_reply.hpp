#pragma once
// The JSON documents older controllers answer with (Reply.json), read into control_types.hpp
// values. Keys are those of the CLI's --json output; a missing or mistyped key leaves its field
// at its default. Pure.
#include <nlohmann/json.hpp>
#include <vector>

#include "control/control_types.hpp"

namespace cb::control::legacy {

NodeSummary nodeFromJson(const nlohmann::json& j);
ControllerStatus statusFromJson(const nlohmann::json& j);
RunSummary runFromJson(const nlohmann::json& j);
SuiteSummary suiteFromJson(const nlohmann::json& j);
/// {"cancelled": [run ids]}
std::vector<std::int64_t> cancelledFromJson(const nlohmann::json& j);
/// The per-node apply reports ({"spec", "mode", "status", "nodes": [{"node_id", "hostname",
/// "status", "error", "counts", "steps"}], "warnings", "unassigned_entries", "unmatched_nodes"}).
ApplySummary applyFromJson(const nlohmann::json& j);

}  // namespace cb::control::legacy
