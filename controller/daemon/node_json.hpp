#pragma once
// The facts a node's hello reports, as the JSON document the registry keeps (NodeInfo::facts).
#include <nlohmann/json.hpp>

#include "schemas/protocol.capnp.h"

namespace cb::controller {

/// Facts as reported, snake_case keys; virt_kind is "none", "vm" or "container". Agent text
/// enters the controller here: every text is util::safeLine()d.
nlohmann::json factsToJson(proto::NodeFacts::Reader facts);

}  // namespace cb::controller
