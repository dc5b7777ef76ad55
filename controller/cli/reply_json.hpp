#pragma once
// The CLI's --json documents of the controller's replies, one function per reply type. Their keys
// and shapes are a public interface (scripts, tests and docs parse them): snake_case keys, runs
// and results as `clusterbench results --json` has always printed them.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "control/control_types.hpp"

namespace cb::cli {

/// Labels or params as one JSON object: text and whole numbers as such, other values as stored.
nlohmann::json fieldsJson(const control::Fields& fields);
/// The node's facts (hostname, addresses, cpu_count, ...) with id, state, environment,
/// heartbeat_age_seconds, running_tasks, registrations.
nlohmann::json nodeJson(const control::NodeSummary& node);
nlohmann::json nodesJson(const std::vector<control::NodeSummary>& nodes);
nlohmann::json statusJson(const control::ControllerStatus& status);
/// One result; raw_output and raw_stderr only when the reply carried them.
nlohmann::json resultJson(const control::ResultSummary& result);
/// A run header (run_id, benchmark, params, status, labels, started_at_ms, finished_at_ms) with
/// its "results".
nlohmann::json runJson(const control::RunSummary& run);
nlohmann::json runsJson(const std::vector<control::RunSummary>& runs);
/// {"suite_id" (absent from older controllers), "suite", "status", "runs": [{"step",
/// "repetition", "benchmark", "status", and "run_id" and "run" for a run that started, "message"
/// for one that did not}], "steps": [...]}
nlohmann::json suiteJson(const control::SuiteSummary& suite);
/// [{"suite_id", "name", "file", "status", "steps_done", "steps_total", "repetitions_done",
///   "started_at_ms", "finished_at_ms"}], most recent first.
nlohmann::json suitesJson(const std::vector<control::SuiteRunInfo>& suites);
/// {"cancelled": [run ids]}
nlohmann::json cancelledJson(const std::vector<std::int64_t>& runIds);
/// `apply --json`: {"spec", "mode", "status", "nodes": [{"node_id", "hostname", "status",
/// "error", "counts", "steps": [{"applier", "outcome", "diff", "commands", "message"}]}],
/// "warnings", "unassigned_entries", "unmatched_nodes"}.
nlohmann::json applyJson(const control::ApplySummary& apply);

}  // namespace cb::cli
