#pragma once
// Plain task request/outcome types; the session converts them to and from the wire.
#include <cstdint>
#include <string>
#include <vector>

#include "bench/benchmark.hpp"

namespace cb::agent {

struct TaskRequest {
  std::string taskId;
  std::string benchmark;
  bench::Params params;
  std::uint32_t timeoutMs = 0;  // 0 = catalog default
};

enum class TaskStatus { kSucceeded, kFailed, kTimedOut, kCancelled, kRefused };

struct TaskOutcome {
  std::string taskId;
  TaskStatus status = TaskStatus::kFailed;
  int exitCode = 0;
  double wallSeconds = 0;
  double userSeconds = 0;
  double systemSeconds = 0;
  std::uint64_t maxRssKb = 0;
  bench::Samples samples;
  std::string rawOutput;
  std::string rawStderr;
  std::string message;
  std::vector<std::string> command;
};

/// Task ids double as file names in the outbox: [A-Za-z0-9_-], 1..64 characters.
bool isValidTaskId(const std::string& id);

}  // namespace cb::agent
