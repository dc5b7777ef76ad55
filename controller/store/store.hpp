#pragma once
// The results store: one SQLite file (WAL) in the controller's state dir.
// Contract: outside a batch every write commits before returning, so a controller crash after a
// call returns loses nothing it stored. Inside a batch (beginBatch/endBatch, group commit) the
// writes are durable once endBatch() succeeds, and not before. Thread-safety: one Store per thread (the controller's loop thread).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::store {

/// Milliseconds since the Unix epoch.
using TimeMs = std::int64_t;

struct NodeRecord {
  std::string nodeId;  // stable agent identity
  std::string hostname;
  std::string environment;  // "vm", "container" or "bare"
  std::string virtTech;     // "kvm", "podman", "none", ...
  std::string factsJson;    // every fact the agent reported, as JSON
  TimeMs firstSeen = 0;
  TimeMs lastSeen = 0;
};

/// One agent key of the enrollment key store (see controller/gateway/key_store.hpp).
struct AgentKeyRecord {
  std::string publicKey;  // Z85, 40 characters
  std::string state;      // "pending", "accepted", "rejected"
  std::string nodeId;     // bound at first acceptance; "" before
  std::string claimedNodeId;  // what the key's last hello asked to be
  std::string hostname;   // reported, not trusted
  std::string address;    // peer address of the last connection
  TimeMs firstSeen = 0;
  TimeMs lastSeen = 0;
};

struct RunRecord {
  std::int64_t id = 0;
  std::string benchmark;
  std::string paramsJson;  // validated parameters as a JSON object
  std::string status;      // "running", "succeeded", "failed", "partial"
  TimeMs startedAt = 0;
  TimeMs finishedAt = 0;          // 0 while running
  std::string labelsJson = "{}";  // JSON object: suite, step, repetition, ...
  /// JSON array of the suite step's performance references, each {"metric", "environment" ("*" =
  /// any), "value", "lower", "upper", "unit"}; lower/upper are fractions of value (ReFrame style,
  /// e.g. -0.1 and 0.1), null when unbounded.
  std::string referencesJson = "[]";
};

struct ResultRecord {
  std::int64_t id = 0;  // assigned by the store
  std::int64_t runId = 0;
  std::string taskId;  // unique across the store; a second add is a no-op
  std::string nodeId;
  std::string hostname;
  std::string environment;
  std::string status;  // proto TaskResult.Status in lower case: "succeeded", "failed", ...
  int exitCode = 0;
  double wallSeconds = 0;
  double userSeconds = 0;
  double systemSeconds = 0;
  std::uint64_t maxRssKb = 0;
  std::vector<std::string> command;
  std::string rawOutput;
  std::string rawStderr;
  std::string message;
  bench::Samples samples;
  TimeMs finishedAt = 0;
};

/// A suite run (`clusterbench run SUITE`): the suite as it was given, so that it can be resumed.
struct SuiteRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string name;
  std::string fileName;
  std::string yaml;               // the suite file's text
  std::string labelsJson = "{}";  // JSON object: free labels stored with every run
  /// "running", "succeeded", "partial", "cancelled" or "interrupted" (its controller died).
  std::string status = "running";
  std::int64_t stepsTotal = 0;
  TimeMs startedAt = 0;
  TimeMs finishedAt = 0;  // 0 while running
  /// Derived from the suite's repetitions (suites() and suite() fill them): steps that ended,
  /// and finished step repetitions.
  std::int64_t stepsDone = 0;
  std::int64_t repetitionsDone = 0;
};

/// One finished repetition of a suite step: every run of it completed (or could not start).
struct SuiteRepetitionRecord {
  std::int64_t suiteId = 0;
  std::int64_t stepIndex = 0;  // 0-based, in the suite's order
  std::string step;
  std::int64_t repetition = 0;  // 1-based
  bool stepDone = false;        // the step stopped after this repetition
  std::string reason;           // why it stopped (when stepDone)
  /// JSON array of the repetition's runs: {"run_id" (absent when it could not start),
  /// "benchmark", "status", "message", "phase_labels"}.
  std::string runsJson = "[]";
  TimeMs finishedAt = 0;
};

/// The samples a report reads: those of the runs named (unknown ids are skipped), or of every run
/// when runIds is empty; only runs of `benchmark` unless it is empty.
struct ReportQuery {
  std::vector<std::int64_t> runIds;
  std::string benchmark;
};

/// One stored sample joined with its run and its result.
struct ReportRow {
  // The run.
  std::int64_t runId = 0;
  std::string benchmark;
  std::string runLabelsJson;
  std::string paramsJson;
  std::string referencesJson;
  TimeMs startedAt = 0;
  // The result that holds the sample.
  std::int64_t resultId = 0;
  std::string nodeId;
  std::string hostname;
  std::string environment;  // the node's, from its facts when it ran
  std::string status;
  std::string nodeVirtTech;  // the node's current virt_tech; "" when the node is not known
  bench::Sample sample;
};

/// Receives report rows; the row is only valid during the call.
using ReportRowFn = std::function<void(const ReportRow& row)>;

class Store {
 public:
  /// Opens or creates `<path>`, enables WAL, creates/migrates the schema (with indexes).
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
  /// Opens an existing store for reading only (reports, while a controller may be writing to it):
  /// creates nothing, migrates nothing; fails on a file that is not a store or was written by a
  /// newer schema. Write methods of the returned Store fail.
  static Result<std::unique_ptr<Store>> openReadOnly(const std::filesystem::path& path);
  virtual ~Store() = default;

  /// Group commit: every write until endBatch() joins one write transaction, committed (and
  /// synced, synchronous=FULL) once by endBatch(). Each write stays atomic on its own (a
  /// savepoint), so a write that fails undoes only itself. Reads inside a batch see its writes.
  /// Errors: a batch is already open; the write lock is not available.
  virtual Status beginBatch() = 0;
  /// Commits the batch. On failure nothing of the batch is stored (it is rolled back), including
  /// when an earlier error (disk full, I/O) made SQLite roll it back already; writes attempted
  /// after such an error fail rather than commit alone. Ending without a batch open is a no-op.
  virtual Status endBatch() = 0;
  /// Rolls the open batch back (no-op without one).
  virtual void abortBatch() = 0;

  virtual Status upsertNode(const NodeRecord& node) = 0;

  /// Inserts or replaces the key (by publicKey). Fails when another key holds the node id.
  virtual Status putAgentKey(const AgentKeyRecord& key) = 0;
  /// Removes the key; removing an unknown key is not an error.
  virtual Status deleteAgentKey(const std::string& publicKey) = 0;
  /// Every key, in first-seen order.
  virtual std::vector<AgentKeyRecord> agentKeys() = 0;
  virtual std::vector<NodeRecord> nodes() = 0;

  /// `referencesJson`: see RunRecord::referencesJson ("" is stored as "[]").
  virtual Result<std::int64_t> createRun(const std::string& benchmark,
                                         const std::string& paramsJson, TimeMs startedAt,
                                         const std::string& labelsJson = "{}",
                                         const std::string& referencesJson = "[]") = 0;
  virtual Status finishRun(std::int64_t runId, const std::string& status, TimeMs finishedAt) = 0;
  /// At controller start: every run still "running" belonged to a controller that died; each
  /// becomes "interrupted" (finished at `now`). Returns their ids, oldest first.
  virtual Result<std::vector<std::int64_t>> interruptRunningRuns(TimeMs now) = 0;

  /// Stores a result with its samples in one transaction. Returns false (and stores nothing)
  /// when a result with the same taskId already exists, except that a real result replaces a
  /// stored placeholder: "lost" (its node was declared lost) or "no_result" (the run's deadline
  /// passed first). A placeholder never replaces anything.
  virtual Result<bool> addResult(const ResultRecord& result) = 0;

  virtual std::optional<RunRecord> run(std::int64_t runId) = 0;
  /// Most recent first.
  virtual std::vector<RunRecord> recentRuns(std::size_t limit) = 0;
  /// Results (with samples) of one run, ordered by hostname.
  virtual std::vector<ResultRecord> resultsForRun(std::int64_t runId) = 0;

  /// Calls `fn` for every sample `query` selects, from one consistent snapshot, ordered by run id,
  /// then hostname, result and sample order. Memory stays constant in the number of samples.
  /// Results without samples produce no row. Errors: SQLite failures (rows before the failure
  /// have been delivered).
  virtual Status forEachReportRow(const ReportQuery& query, const ReportRowFn& fn) = 0;

  // Suites (sqlite_suites.cpp).
  /// Stores a new suite (its id, stepsDone and repetitionsDone are ignored); returns its id.
  virtual Result<std::int64_t> createSuite(const SuiteRecord& suite) = 0;
  /// Sets the suite's status and finishedAt (0 when it runs again). Errors: no such suite.
  virtual Status setSuiteStatus(std::int64_t suiteId, const std::string& status,
                                TimeMs finishedAt) = 0;
  /// Records a finished step repetition (replacing one recorded with the same step index and
  /// repetition).
  virtual Status addSuiteRepetition(const SuiteRepetitionRecord& repetition) = 0;
  /// At controller start: every suite still "running" becomes "interrupted" (finished at `now`).
  /// Returns their ids, oldest first.
  virtual Result<std::vector<std::int64_t>> interruptRunningSuites(TimeMs now) = 0;
  virtual std::optional<SuiteRecord> suite(std::int64_t suiteId) = 0;
  /// Most recent first, at most `limit`.
  virtual std::vector<SuiteRecord> suites(std::size_t limit) = 0;
  /// The suite's finished repetitions, by step index then repetition.
  virtual std::vector<SuiteRepetitionRecord> suiteRepetitions(std::int64_t suiteId) = 0;
};

}  // namespace cb::store
