#pragma once
// Client side of the local control socket (schemas/control.capnp): the CLI commands and the lab
// talk to the daemon through it.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "control/control_types.hpp"
#include "util/result.hpp"

namespace cb::control {

/// State dir resolution (DESIGN §7): explicit flag, else $CLUSTERBENCH_STATE_DIR, else
/// /var/lib/clusterbench as root, else $HOME/.local/state/clusterbench.
std::filesystem::path resolveStateDir(const std::string& flag);

/// ipc://<stateDir>/control.sock
std::string controlEndpointFor(const std::filesystem::path& stateDir);

using ProgressFn = std::function<void(const std::string& line)>;

struct RunArgs {
  std::string benchmark;
  std::vector<std::string> nodes;  // empty = every ready node
  std::map<std::string, std::string> params;
  std::uint32_t timeoutMs = 0;
  std::map<std::string, std::string> labels;  // stored with the run
};

/// Each call sends one request and waits for the final reply (progress lines go to `progress`),
/// typed (control_decode.hpp; older controllers' JSON replies are read too).
/// Errors: daemon not reachable within `timeout` (message says how to start it), the daemon's
/// own error text, or a reply of another kind.
Result<std::vector<NodeSummary>> requestNodes(const std::string& endpoint,
                                              std::chrono::milliseconds timeout);
Result<ControllerStatus> requestStatus(const std::string& endpoint,
                                       std::chrono::milliseconds timeout);
/// The `limit` most recent runs (0 = 20), or only run `runId` when non-zero: every row, with
/// the raw output unless `rawOutput` is false.
Result<std::vector<RunSummary>> requestResults(const std::string& endpoint, std::uint32_t limit,
                                               std::int64_t runId,
                                               std::chrono::milliseconds timeout,
                                               bool rawOutput = true);
/// The finished run: every row, or a summary (counts by status and the rows that did not
/// succeed; RunSummary::resultsOmitted) for runs of many nodes.
Result<RunSummary> requestRun(const std::string& endpoint, const RunArgs& args,
                              const ProgressFn& progress, std::chrono::milliseconds timeout);
/// Runs a suite (text already validated by the CLI; the daemon validates again), or with
/// `resumeSuiteId` != 0 continues that stored suite run (yaml "" = the stored text; labels
/// must be empty).
Result<SuiteSummary> requestSuite(const std::string& endpoint, const std::string& yaml,
                                  const std::string& fileName,
                                  const std::map<std::string, std::string>& labels,
                                  const ProgressFn& progress, std::chrono::milliseconds timeout,
                                  std::int64_t resumeSuiteId = 0, const std::string& master = "");
/// The `limit` most recent stored suite runs (0 = 20).
Result<std::vector<SuiteRunInfo>> requestSuites(const std::string& endpoint, std::uint32_t limit,
                                                std::chrono::milliseconds timeout);
struct ApplyArgs {
  std::string yaml;      // cluster.yaml text (empty with verify = the last applied spec)
  std::string fileName;  // labels messages
  bool dryRun = false;
  bool verify = false;
};
/// Applies (or plans, or verifies) a cluster spec on every matched node; progress per node.
/// Reply: every node's report.
Result<ApplySummary> requestApply(const std::string& endpoint, const ApplyArgs& args,
                                  const ProgressFn& progress, std::chrono::milliseconds timeout);
/// Cancels a run (0 = everything in flight); returns the ids of the runs being cancelled.
Result<std::vector<std::int64_t>> requestCancel(const std::string& endpoint, std::int64_t runId,
                                                std::chrono::milliseconds timeout);
/// Stores parsed saved outputs as a run (document format: control.capnp importRun); returns the
/// stored run.
Result<RunSummary> requestImport(const std::string& endpoint, const nlohmann::json& document,
                                 std::chrono::milliseconds timeout);
enum class KeyAction { kList, kAccept, kAcceptAllPending, kReject, kDelete };
/// Runs a key store action (`key`: full key or unique prefix; unused for list and
/// accept-all-pending) and returns every key afterwards.
Result<std::vector<KeySummary>> requestKeys(const std::string& endpoint, KeyAction action,
                                            const std::string& key,
                                            std::chrono::milliseconds timeout);
/// Asks the daemon to exit; ok once it has acknowledged.
Status requestShutdown(const std::string& endpoint, std::chrono::milliseconds timeout);

}  // namespace cb::control
