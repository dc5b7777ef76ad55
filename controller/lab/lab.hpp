#pragma once
// `clusterbench lab up|down|status` (DESIGN §7) as library calls; the CLI only parses flags and
// prints. Every call takes the lab lock of the state dir except labStatus, which only reads.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
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
/// "already_up": true (and nothing changed) when a finished lab exists in the state dir; when
/// that lab's controller died, it is started again (restartDeadController) and the JSON also has
/// "controller_restarted": true and "ready_nodes".
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

/// For a finished lab: nullopt when its controller answers (or the lab did not start it: then
/// it only says so). When the controller the lab started died (its recorded pid is gone or now
/// runs another program), starts the argv lab.json recorded again (same state dir, endpoints,
/// keys, join token and options), records the new pid, and waits until every node is ready
/// again (agents reconnect by themselves); returns the number of ready nodes. A controller that
/// still runs gets until `deadline` to answer and is never killed.
Result<std::optional<int>> restartDeadController(LabJournal& journal,
                                                 const std::filesystem::path& controllerLog,
                                                 std::chrono::steady_clock::time_point deadline,
                                                 const LabEnv& env);

/// Error "interrupted" once env.interrupted() is true.
Status checkInterrupted(const LabEnv& env);

/// Status JSON for a recorded lab (see labStatus).
nlohmann::json statusJson(const LabState& state, const std::filesystem::path& stateDir,
                          const LabEnv& env);

/// <agentStateDir>/node-id, trimmed; "" until the agent has written it.
std::string readNodeId(const std::filesystem::path& agentStateDir);

/// The node id of the master of the lab recorded in `stateDir` (the first node of its plan,
/// which `lab up` named master and started itself), when that lab is up and uses the controller
/// at `controlEndpoint`; "" otherwise. What `clusterbench run SUITE` passes as --master by default.
std::string labMasterNodeId(const std::filesystem::path& stateDir,
                            const std::string& controlEndpoint);

/// The string a lab daemon's command line must contain for signals to reach it.
std::string agentNeedle(const NodeRecord& node);
std::string controllerNeedle(const LabState& state);

}  // namespace cb::lab
