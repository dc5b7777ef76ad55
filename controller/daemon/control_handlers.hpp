#pragma once
// The controller's answers to the control protocol (schemas/control.capnp), one handler per
// request kind, registered on a ControlTable. Each handler only reads the request and calls the
// service that owns the work.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/catalog.hpp"
#include "daemon/agent_gateway.hpp"
#include "daemon/apply_service.hpp"
#include "daemon/control_table.hpp"
#include "daemon/run_service.hpp"
#include "store/store.hpp"

namespace cb::controller {

struct ControlServices {
  AgentGateway& gateway;
  RunService& runs;
  ApplyService& applies;
  store::Store& store;
  const bench::Catalog& catalog;
  std::function<nlohmann::json()> status;  // the `status` document
  std::function<void()> shutdown;          // asked to stop (called after the reply is sent)
};

void registerControlHandlers(ControlTable& table, const ControlServices& services);

/// The `keys` request: the operator's action on the key store, then every key.
std::string keysReply(AgentGateway& gateway, ctl::KeysRequest::Reader request);
/// The `importRun` request: saved outputs stored as a finished run (import_handler.cpp).
std::string importRunReply(store::Store& store, const bench::Catalog& catalog,
                           const std::string& json);

}  // namespace cb::controller
