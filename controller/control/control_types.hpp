#pragma once
// The controller's typed answers to control requests (schemas/control.capnp Reply), as plain
// values for the CLI, the lab and the study. Field meanings are those of the schema's structs.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include "apply/apply_summary.hpp"

namespace cb::control {

/// A run label or parameter value: text, a whole number, or any other JSON value as JSON text.
struct FieldValue {
  enum class Kind { kText, kInteger, kJson };
  Kind kind = Kind::kText;
  std::string text;  // kText: the value; kJson: its JSON text
  std::int64_t integer = 0;
  bool operator==(const FieldValue&) const = default;
};
using Fields = std::map<std::string, FieldValue>;

struct NodeSummary {
  std::string id, state, environment;
  double heartbeatAgeSeconds = 0;
  std::uint32_t runningTasks = 0;
  std::uint64_t registrations = 0;
  std::string hostname;
  std::vector<std::string> addresses;
  std::uint32_t cpuCount = 0;
  std::string cpuModel;
  std::uint64_t memoryBytes = 0;
  std::string kernel, virtKind, virtTech, os;
  std::vector<std::string> macs, interfaces;
  bool operator==(const NodeSummary&) const = default;
};

struct ControllerStatus {
  std::string version;
  std::int64_t pid = 0;
  std::string agentEndpoint, controlEndpoint, metricsUrl, publicKey;
  std::uint64_t nodes = 0, ready = 0, runsInFlight = 0;
  bool operator==(const ControllerStatus&) const = default;
};

struct SampleValue {
  std::string metric;
  double value = 0;
  std::string unit;
  std::map<std::string, std::string> labels;
  bool operator==(const SampleValue&) const = default;
};

struct ResultSummary {
  std::string taskId, nodeId, hostname, environment, status;
  std::int32_t exitCode = 0;
  double wallSeconds = 0, userSeconds = 0, systemSeconds = 0;
  std::uint64_t maxRssKb = 0;
  std::vector<std::string> command;
  std::string message;
  std::vector<SampleValue> samples;
  /// Set only when the raw output was asked for (results of one run).
  std::optional<std::string> rawOutput, rawStderr;
  bool operator==(const ResultSummary&) const = default;
};

struct RunSummary {
  std::int64_t runId = 0;
  std::string benchmark;
  Fields params;
  std::string status;
  Fields labels;
  std::int64_t startedAtMs = 0, finishedAtMs = 0;
  /// Every row, or only those that did not succeed when resultsOmitted > 0 (a summary).
  std::vector<ResultSummary> results;
  /// Results by status, every stored row counted (derived from `results` for older replies).
  std::map<std::string, std::uint64_t> counts;
  /// Succeeded rows left out of `results`; 0 = `results` is every row.
  std::uint64_t resultsOmitted = 0;
  bool operator==(const RunSummary&) const = default;
};

/// Rows the run has, whether or not the reply carried them all.
std::uint64_t resultCount(const RunSummary& run);
/// counts derived from `results` (for replies that carry no counts).
std::map<std::string, std::uint64_t> countByStatus(const std::vector<ResultSummary>& results);

/// One run of a suite step's repetition; `run` is set exactly when the run started (runId != 0).
struct SuiteRunEntry {
  std::string step;
  std::int64_t repetition = 0;
  std::string benchmark, status;
  std::int64_t runId = 0;
  std::string message;  // why the run could not start ("" when it started)
  std::optional<RunSummary> run;
  bool operator==(const SuiteRunEntry&) const = default;
};

struct SuiteStepSummary {
  std::string step;
  std::int64_t repetitions = 0;
  std::string reason;
  bool operator==(const SuiteStepSummary&) const = default;
};

struct SuiteSummary {
  std::int64_t suiteId = 0;  // the stored suite run; 0 from older controllers
  std::string suite, status;
  std::vector<SuiteRunEntry> runs;
  std::vector<SuiteStepSummary> steps;
  bool operator==(const SuiteSummary&) const = default;
};

// Defined with the rollout that produces them (controller/apply/apply_summary.hpp).
using controller::ApplyNodeReport;
using controller::ApplyStepReport;
using controller::ApplySummary;

/// One stored suite run (`clusterbench suites`).
struct SuiteRunInfo {
  std::int64_t suiteId = 0;
  std::string name, fileName, status;
  std::int64_t stepsDone = 0, stepsTotal = 0, repetitionsDone = 0;
  std::int64_t startedAtMs = 0, finishedAtMs = 0;
  bool operator==(const SuiteRunInfo&) const = default;
};

/// One agent key of the controller's key store (control.capnp AgentKeySummary).
struct KeySummary {
  std::string publicKey, state, nodeId, claimedNodeId, hostname, address;
  std::int64_t firstSeenMs = 0;
  std::int64_t lastSeenMs = 0;
  bool connected = false;
};

}  // namespace cb::control
