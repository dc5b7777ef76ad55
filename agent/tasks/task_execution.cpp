#include "tasks/task_execution.hpp"

#include <unistd.h>

#include "os/atomic_file.hpp"
#include "tasks/task_group_ledger.hpp"

namespace cb::agent {
namespace fs = std::filesystem;

TaskExecution::TaskExecution(os::ProcessRunner& runner, const bench::Benchmark& bench,
                             bench::Params params, std::string taskId,
                             std::chrono::milliseconds timeout, ExecutionEnv env, LineFn onLine,
                             DoneFn onDone)
    : runner_(runner),
      bench_(bench),
      params_(std::move(params)),
      inv_(bench.invocation(params_)),
      env_(std::move(env)),
      onLine_(std::move(onLine)),
      onDone_(std::move(onDone)) {
  outcome_.taskId = std::move(taskId);
  started_ = std::chrono::steady_clock::now();
  deadline_ = started_ + timeout;
}

std::string TaskExecution::describe() const {
  std::string out;
  for (const auto& step : inv_.steps) {
    if (!out.empty()) out += " && ";
    for (std::size_t i = 0; i < step.argv.size(); ++i) out += (i ? " " : "") + step.argv[i];
  }
  return out;
}

void TaskExecution::start() {
  if (inv_.mpiUser && !env_.mpiUserProblem.empty()) {
    fail(TaskStatus::kFailed, env_.mpiUserProblem);
    return;
  }
  if (inv_.mpiUser) {
    runAs_ = env_.mpiUser;
  } else if (!inv_.needsRoot && env_.uid >= 0) {
    runAs_.uid = env_.uid;
    runAs_.gid = env_.gid;
  }
  const bool drop = runAs_.uid >= 0;
  std::error_code ec;
  scratch_ = env_.scratchRoot / outcome_.taskId;
  fs::remove_all(scratch_, ec);
  fs::create_directories(scratch_, ec);
  if (ec) {
    fail(TaskStatus::kFailed,
         "cannot create scratch dir " + scratch_.string() + ": " + ec.message());
    return;
  }
  for (const auto& [name, text] : inv_.files) {
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') {
      fail(TaskStatus::kFailed, "invalid input file name '" + name + "'");
      return;
    }
    auto path = scratch_ / name;
    if (auto s = os::writeFileAtomic(path, text, 0644); !s) {
      fail(TaskStatus::kFailed, s.error());
      return;
    }
    if (drop) (void)!::lchown(path.c_str(), runAs_.uid, runAs_.gid);
  }
  // The benchmark's user owns its scratch dir (MPI: hpccoutf.txt is written there; the result
  // is read back without following links).
  if (drop) (void)!::chown(scratch_.c_str(), runAs_.uid, runAs_.gid);
  runStep(0);
}

void TaskExecution::runStep(std::size_t index) {
  while (index < inv_.steps.size() && failed_ && !inv_.steps[index].always) ++index;
  if (index >= inv_.steps.size()) {
    finish();
    return;
  }
  os::ProcessSpec spec;
  spec.argv = inv_.steps[index].argv;
  spec.cwd = scratch_;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline_ - std::chrono::steady_clock::now());
  // Cleanup steps after a failure still get a short window of their own.
  spec.timeout =
      failed_ ? std::chrono::milliseconds(30000) : std::max(left, std::chrono::milliseconds(1));
  os::applyRunAs(spec, runAs_);
  if (!inv_.mpiJob.empty()) {
    for (auto& word : spec.argv) {
      if (word == bench::kMpiRshPlaceholder) word = env_.mpiRsh;
    }
    spec.env = {"CB_MPI_JOB=" + inv_.mpiJob, "CB_AGENT_SPAWN=" + env_.spawnEndpoint};
  }
  spec.env.push_back(std::string(kTaskMarkerVariable) + "=" + outcome_.taskId);
  outcome_.command = spec.argv;
  auto self = shared_from_this();
  current_ = runner_.start(
      spec,
      [self](os::Stream s, const std::string& line) {
        if (self->onLine_) self->onLine_(s, line);
      },
      [self, index](const os::ProcessExit& exit) { self->stepDone(index, exit); });
  if (env_.groups && current_ && current_->pid() > 0)
    env_.groups->track(outcome_.taskId, current_->pid());
}

void TaskExecution::stepDone(std::size_t index, const os::ProcessExit& exit) {
  current_.reset();
  const auto& step = inv_.steps[index];
  outcome_.userSeconds += exit.userSeconds;
  outcome_.systemSeconds += exit.systemSeconds;
  outcome_.maxRssKb = std::max(outcome_.maxRssKb, exit.maxRssKb);
  outcome_.rawStderr += exit.err;
  if (step.output) stdout_ += exit.out;
  if (!failed_) {
    outcome_.exitCode = exit.exitCode;
    std::string tool = step.argv.empty() ? "?" : step.argv[0];
    if (!exit.started) {
      failed_ = true;
      outcome_.status = TaskStatus::kFailed;
      outcome_.message = exit.error.find("No such file") != std::string::npos
                             ? tool + " not installed (" + exit.error + ")"
                             : exit.error;
    } else if (exit.timedOut || cancelled_ || exit.cancelled) {
      failed_ = true;
      outcome_.status = cancelled_ ? TaskStatus::kCancelled : TaskStatus::kTimedOut;
      outcome_.message =
          cancelled_ ? "cancelled; process group killed" : "timed out; process group killed";
    } else if (exit.exitCode != 0) {
      failed_ = true;
      outcome_.status = TaskStatus::kFailed;
      outcome_.message = tool + " exited with status " + std::to_string(exit.exitCode);
      auto err = exit.err;
      while (!err.empty() && err.back() == '\n') err.pop_back();
      auto last = err.substr(err.rfind('\n') == std::string::npos ? 0 : err.rfind('\n') + 1);
      if (!last.empty()) outcome_.message += ": " + last;
    }
  }
  runStep(index + 1);
}

void TaskExecution::finish() {
  outcome_.wallSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::string input = stdout_;
  if (!failed_ && !inv_.outputFile.empty()) {
    // The benchmark owns the scratch dir: its output file may be a planted symlink (refused).
    const auto file = scratch_ / inv_.outputFile;
    auto text = os::readFileNoFollow(file);
    if (text) {
      input = *text;
    } else {
      std::error_code missing;
      const bool written = fs::symlink_status(file, missing).type() != fs::file_type::not_found;
      failed_ = true;
      outcome_.status = TaskStatus::kFailed;
      outcome_.message =
          written && !missing ? text.error() : "no output file " + inv_.outputFile + " was written";
    }
  }
  outcome_.rawOutput = input;
  if (!failed_) {
    auto samples = bench_.parse(input, params_);
    if (samples) {
      outcome_.status = TaskStatus::kSucceeded;
      outcome_.samples = std::move(*samples);
    } else {
      outcome_.status = TaskStatus::kFailed;
      outcome_.message = "cannot parse " + bench_.name() + " output: " + samples.error();
    }
  }
  std::error_code ec;
  fs::remove_all(scratch_, ec);
  if (env_.groups) env_.groups->release(outcome_.taskId);
  onDone_(outcome_);
}

void TaskExecution::fail(TaskStatus status, std::string message) {
  outcome_.status = status;
  outcome_.message = std::move(message);
  std::error_code ec;
  fs::remove_all(scratch_, ec);
  if (env_.groups) env_.groups->release(outcome_.taskId);
  onDone_(outcome_);
}

void TaskExecution::cancel() {
  if (cancelled_) return;
  cancelled_ = true;
  if (current_) current_->cancel();
}

}  // namespace cb::agent
