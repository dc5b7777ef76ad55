#pragma once
// `clusterbench lab up|down|status` (DESIGN §7) as library calls; the CLI only parses flags and
// prints. Every call takes the lab lock of the state dir except labStatus, which only reads.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "lab/lab_plan.hpp"
#include "lab/lab_state.hpp"
#include "lab/netns_provider.hpp"
#include "util/result.hpp"

namespace cb::lab {

/// Side effects the lab calls are allowed, created by the CLI.
struct LabEnv {
  CommandRunner run;                            // short helper commands (`ip …`) as argv
  std::function<void(const std::string&)> say;  // progress lines for humans; may be empty
  /// True once the user asked to stop (SIGINT/SIGTERM): `lab up` then fails at its next step
  /// and removes what it created. May be empty (never interrupted).
  std::function<bool()> interrupted;
};

/// Builds the planned lab and returns labStatus()'s JSON once every node is ready, with
/// "already_up": true (and nothing changed) when a finished lab exists in the state dir.
/// On failure it removes everything it created (the error says what failed and what, if
/// anything, could not be removed).
Result<nlohmann::json> labUp(const LabPlan& plan, std::chrono::seconds timeout, const LabEnv& env);

/// Stops and removes everything lab.json records; absent objects are fine. Ok when nothing is
/// left (the lab dir is then gone); otherwise lab.json keeps what is left and the error lists it.
Status labDown(const std::filesystem::path& stateDir, const LabEnv& env);

/// {"up": false, "state_dir"} without a lab; else what exists, each node's process and its state
/// in the controller ("ready", "lost", "not registered", or "unknown" without a controller).
Result<nlohmann::json> labStatus(const std::filesystem::path& stateDir, const LabEnv& env);

// Building blocks shared by the calls above.

/// Removes what the journal records (agents, the controller if the lab started it, veths,
/// namespaces, bridge), updating the journal as things go; then the lab dir when nothing is left.
Status teardown(LabJournal& journal, const std::filesystem::path& labDir, const LabEnv& env);

/// Error "interrupted" once env.interrupted() is true.
Status checkInterrupted(const LabEnv& env);

/// Status JSON for a recorded lab (see labStatus).
nlohmann::json statusJson(const LabState& state, const std::filesystem::path& stateDir,
                          const LabEnv& env);

/// <agentStateDir>/node-id, trimmed; "" until the agent has written it.
std::string readNodeId(const std::filesystem::path& agentStateDir);

/// The string a lab daemon's command line must contain for signals to reach it.
std::string agentNeedle(const NodeRecord& node);
std::string controllerNeedle(const LabState& state);

}  // namespace cb::lab
