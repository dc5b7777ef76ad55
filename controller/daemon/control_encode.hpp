#pragma once
// Typed control replies (schemas/control.capnp Reply): the daemon's nodes, status, runs and suites
// written into their Cap'n Proto structs. Pure apart from reading the store; each *Reply returns
// the bytes of one framed final Reply.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "apply/apply_summary.hpp"
#include "registry/registry.hpp"
#include "schemas/control.capnp.h"
#include "store/store.hpp"

namespace cb::controller {

/// One node: the registry's view and its facts (factsToJson keys; missing facts stay empty).
void fillNode(ctl::NodeSummary::Builder out, const NodeInfo& node, TimePoint now);
/// The `status` document (keys as ControllerStatus in snake_case; missing keys stay zero).
void fillStatus(ctl::ControllerStatus::Builder out, const nlohmann::json& status);
/// One stored result with its samples; the raw output only when `withRawOutput`.
void fillResult(ctl::ResultSummary::Builder out, const store::ResultRecord& result,
                bool withRawOutput);
/// Runs of more rows than this are sent in the summary form by `run` and suite replies: counts
/// by status and only the rows that did not succeed (RunSummary.resultsOmitted).
inline constexpr std::size_t kFullRowsUpTo = 64;

/// Which rows of a run a reply carries.
enum class RowMode {
  kAll,      // every row (`listResults`)
  kSummary,  // every row up to kFullRowsUpTo rows, beyond that only the rows not succeeded
};

/// A run header (`run`) with `counts` and `results` as `mode` says; params and labels are read
/// from their stored JSON.
void fillRun(ctl::RunSummary::Builder out, const store::RunRecord& run,
             const std::vector<store::ResultRecord>& results, bool withRawOutput,
             RowMode mode = RowMode::kAll);
/// A stored run with its results (no raw output) in the summary form; only runId is set when the
/// store has no such run.
void fillStoredRun(ctl::RunSummary::Builder out, store::Store& store, std::int64_t runId);
/// A SuiteRunner summary ({"suite_id", "suite", "status", "runs": [{"step", "repetition",
/// "benchmark", "status", "run_id"?, "message"?}], "steps": [{"step", "repetitions", "reason"}]}),
/// each started run filled from the store.
void fillSuite(ctl::SuiteSummary::Builder out, const nlohmann::json& summary, store::Store& store);

/// Final replies: `nodes`, `status`, `runs`, `run`, `suite`, `suites`, `cancelled`, `stopping`.
std::string nodesReply(const Registry& registry, TimePoint now);
std::string statusReply(const nlohmann::json& status);
std::string runsReply(store::Store& store, const std::vector<store::RunRecord>& runs,
                      bool withRawOutput);
std::string runReply(store::Store& store, std::int64_t runId);
std::string suiteReply(store::Store& store, const nlohmann::json& summary);
std::string suitesReply(const std::vector<store::SuiteRecord>& suites);
std::string cancelledReply(const std::vector<std::int64_t>& runIds);
/// The final reply to `apply`, a dry run or `verify`.
std::string applyReply(const ApplySummary& apply);
std::string stoppingReply();

}  // namespace cb::controller
