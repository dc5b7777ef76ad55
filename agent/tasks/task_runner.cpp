#include "tasks/task_runner.hpp"

namespace cb::agent {

bool isValidTaskId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

TaskRunner::TaskRunner(const bench::Catalog& catalog, os::ProcessRunner& runner, EventFn onEvent,
                       OutcomeFn onOutcome)
    : catalog_(catalog),
      runner_(runner),
      onEvent_(std::move(onEvent)),
      onOutcome_(std::move(onOutcome)) {}

void TaskRunner::start(const TaskRequest& request) {
  auto refuse = [&](std::string why) {
    TaskOutcome o;
    o.taskId = request.taskId;
    o.status = TaskStatus::kRefused;
    o.message = std::move(why);
    onOutcome_(o);
  };
  if (!isValidTaskId(request.taskId)) return refuse("invalid task id");
  if (running_.count(request.taskId)) return refuse("task " + request.taskId + " already running");
  const bench::Benchmark* bench = catalog_.find(request.benchmark);
  if (!bench) {
    std::string known;
    for (const auto& n : catalog_.names()) known += (known.empty() ? "" : ", ") + n;
    return refuse("unknown benchmark '" + request.benchmark + "' (known: " + known + ")");
  }
  auto params = bench::validateParams(bench->params(), request.params);
  if (!params) return refuse(request.benchmark + ": " + params.error());

  os::ProcessSpec spec;
  spec.argv = bench->build(*params);
  spec.timeout = request.timeoutMs ? std::chrono::milliseconds(request.timeoutMs)
                                   : bench->defaultTimeout();
  std::string joined;
  for (const auto& a : spec.argv) joined += (joined.empty() ? "" : " ") + a;
  onEvent_(request.taskId, EventKind::kStarted, joined);

  auto id = request.taskId;
  auto argv = spec.argv;
  auto validated = *params;
  auto handle = runner_.start(
      spec,
      [this, id](os::Stream s, const std::string& line) {
        onEvent_(id, s == os::Stream::kStdout ? EventKind::kStdout : EventKind::kStderr, line);
      },
      [this, request, bench, validated, argv](const os::ProcessExit& exit) {
        finish(request, *bench, validated, argv, exit);
      });
  if (running_.count(id) == 0 && handle) running_[id] = handle;
}

void TaskRunner::finish(const TaskRequest& request, const bench::Benchmark& bench,
                        const bench::Params& p, const std::vector<std::string>& argv,
                        const os::ProcessExit& exit) {
  running_.erase(request.taskId);
  TaskOutcome o;
  o.taskId = request.taskId;
  o.command = argv;
  o.exitCode = exit.exitCode;
  o.wallSeconds = exit.wallSeconds;
  o.userSeconds = exit.userSeconds;
  o.systemSeconds = exit.systemSeconds;
  o.maxRssKb = exit.maxRssKb;
  o.rawOutput = exit.out;
  o.rawStderr = exit.err;
  if (!exit.started) {
    o.status = TaskStatus::kFailed;
    o.message = exit.error;
  } else if (exit.timedOut) {
    o.status = TaskStatus::kTimedOut;
    o.message = exit.error;
  } else if (exit.cancelled) {
    o.status = TaskStatus::kCancelled;
    o.message = exit.error;
  } else if (exit.exitCode != 0) {
    o.status = TaskStatus::kFailed;
    o.message = bench.name() + " exited with status " + std::to_string(exit.exitCode);
    auto lastErr = exit.err.substr(exit.err.rfind('\n', exit.err.size() - 2) + 1);
    if (!lastErr.empty()) o.message += ": " + lastErr.substr(0, lastErr.find('\n'));
  } else {
    auto samples = bench.parse(exit.out, p);
    if (samples) {
      o.status = TaskStatus::kSucceeded;
      o.samples = std::move(*samples);
    } else {
      o.status = TaskStatus::kFailed;
      o.message = "cannot parse output: " + samples.error();
    }
  }
  onOutcome_(o);
}

void TaskRunner::cancel(const std::string& taskId) {
  if (auto it = running_.find(taskId); it != running_.end()) it->second->cancel();
}

void TaskRunner::cancelAll() {
  for (auto& [_, h] : running_) h->cancel();
}

std::vector<std::string> TaskRunner::runningIds() const {
  std::vector<std::string> out;
  for (const auto& [id, _] : running_) out.push_back(id);
  return out;
}

}  // namespace cb::agent
