#pragma once
// JSON views of nodes and results for the CLI (`--json` output is these documents verbatim).
#include <nlohmann/json.hpp>

#include "registry/registry.hpp"
#include "schemas/protocol.capnp.h"
#include "store/store.hpp"

namespace cb::controller {

/// Facts as reported, snake_case keys; virt_kind is "none", "vm" or "container".
nlohmann::json factsToJson(proto::NodeFacts::Reader facts);
/// One node for `clusterbench nodes --json`.
nlohmann::json nodeToJson(const NodeInfo& node, TimePoint now);
/// One stored result with its samples.
nlohmann::json resultToJson(const store::ResultRecord& r, bool withRawOutput);
/// A run header.
nlohmann::json runToJson(const store::RunRecord& r);
/// A stored run's header with "results" (without raw output); {"results": []} for no such run.
nlohmann::json runWithResultsJson(store::Store& store, std::int64_t runId);

}  // namespace cb::controller
