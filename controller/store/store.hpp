#pragma once
// The results store: one SQLite file (WAL) in the controller's state dir.
// Contract: every method commits before returning, so a controller crash after a call returns
// loses nothing it stored. Thread-safety: one Store per thread (the controller's loop thread).
#include <cstdint>
#include <filesystem>
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

struct RunRecord {
  std::int64_t id = 0;
  std::string benchmark;
  std::string paramsJson;  // validated parameters as a JSON object
  std::string status;      // "running", "succeeded", "failed", "partial"
  TimeMs startedAt = 0;
  TimeMs finishedAt = 0;          // 0 while running
  std::string labelsJson = "{}";  // JSON object: suite, step, repetition, ...
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

class Store {
 public:
  /// Opens or creates `<path>`, enables WAL, creates/migrates the schema (with indexes).
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
  virtual ~Store() = default;

  virtual Status upsertNode(const NodeRecord& node) = 0;
  virtual std::vector<NodeRecord> nodes() = 0;

  virtual Result<std::int64_t> createRun(const std::string& benchmark,
                                         const std::string& paramsJson, TimeMs startedAt,
                                         const std::string& labelsJson = "{}") = 0;
  virtual Status finishRun(std::int64_t runId, const std::string& status, TimeMs finishedAt) = 0;

  /// Stores a result with its samples in one transaction. Returns false (and stores nothing)
  /// when a result with the same taskId already exists.
  virtual Result<bool> addResult(const ResultRecord& result) = 0;

  virtual std::optional<RunRecord> run(std::int64_t runId) = 0;
  /// Most recent first.
  virtual std::vector<RunRecord> recentRuns(std::size_t limit) = 0;
  /// Results (with samples) of one run, ordered by hostname.
  virtual std::vector<ResultRecord> resultsForRun(std::int64_t runId) = 0;
};

}  // namespace cb::store
