#pragma once
// Encoded replies on the local control socket (schemas/control.capnp Reply), shared by the
// control-side handlers. Pure: each call returns the bytes of one framed Reply message.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "schemas/control.capnp.h"

namespace cb::controller {

/// A Reply whose body `fill` sets.
std::string reply(const std::function<void(ctl::Reply::Body::Builder)>& fill);
/// Final success reply carrying `j` as JSON text.
std::string jsonReply(const nlohmann::json& j);
/// Final failure reply with a human-readable message.
std::string errorReply(const std::string& message);

}  // namespace cb::controller
