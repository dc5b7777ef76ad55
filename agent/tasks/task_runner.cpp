#include "tasks/task_runner.hpp"

namespace cb::agent {

bool isValidTaskId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

TaskRunner::TaskRunner(const bench::Catalog& catalog, os::ProcessRunner& runner, ExecutionEnv env,
                       EventFn onEvent, OutcomeFn onOutcome)
    : catalog_(catalog),
      runner_(runner),
      env_(std::move(env)),
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

  auto timeout =
      request.timeoutMs ? std::chrono::milliseconds(request.timeoutMs) : bench->defaultTimeout();
  auto id = request.taskId;
  auto exec = std::make_shared<TaskExecution>(
      runner_, *bench, *params, id, timeout, env_,
      [this, id](os::Stream s, const std::string& line) {
        onEvent_(id, s == os::Stream::kStdout ? EventKind::kStdout : EventKind::kStderr, line);
      },
      [this, id](const TaskOutcome& o) {
        running_.erase(id);
        onOutcome_(o);
      });
  running_[id] = exec;
  onEvent_(id, EventKind::kStarted, exec->describe());
  exec->start();
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
