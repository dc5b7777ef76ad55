#include "worker_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace cb::swarm {
namespace {

using Clock = std::chrono::steady_clock;

/// Runs in the forked child: only async-signal-safe calls until exec (argv is built before
/// the fork).
[[noreturn]] void execWorker(char* const* argv, int in, int out, pid_t parent, int niceIncrement) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(126);  // the parent died before prctl
  if (niceIncrement != 0) (void)!::nice(niceIncrement);
  ::dup2(in, STDIN_FILENO);
  ::dup2(out, STDOUT_FILENO);
  ::execv(argv[0], argv);
  ::_exit(127);
}

std::string exitText(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "ended";
}

}  // namespace

Result<std::unique_ptr<WorkerPool>> WorkerPool::start(const WorkerPoolOptions& options) {
  std::unique_ptr<WorkerPool> pool(new WorkerPool());
  pool->agents_ = options.agents;
  pool->timeout_ = options.replyTimeout;
  std::size_t p = std::max<std::size_t>(1, std::min(options.processes, options.agents));
  std::size_t first = 0;
  for (std::size_t i = 0; i < p; ++i) {
    std::size_t count = options.agents / p + (i < options.agents % p ? 1 : 0);
    int down[2], up[2];  // down: parent -> worker stdin; up: worker stdout -> parent
    if (::pipe2(down, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
    if (::pipe2(up, O_CLOEXEC) != 0) {
      ::close(down[0]);
      ::close(down[1]);
      return fail(std::string("pipe: ") + std::strerror(errno));
    }
    std::vector<std::string> args{options.self.string(),
                                  "--worker",
                                  "--agents",
                                  std::to_string(count),
                                  "--worker-first",
                                  std::to_string(first),
                                  "--worker-endpoint",
                                  options.endpoint,
                                  "--worker-key",
                                  options.controllerKey,
                                  "--worker-token",
                                  options.joinToken,
                                  "--agent-log-level",
                                  options.logLevel,
                                  "--agent-heartbeat-ms",
                                  std::to_string(options.agentHeartbeatMs)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) return fail(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) execWorker(argv.data(), down[0], up[1], parent, options.niceIncrement);
    ::close(down[0]);
    ::close(up[1]);
    Worker w;
    w.pid = pid;
    w.toWorker = down[1];
    w.fromWorker = up[0];
    pool->workers_.push_back(std::move(w));
    first += count;
  }
  for (std::size_t i = 0; i < pool->workers_.size(); ++i) {
    auto line = pool->readLine(i);
    if (!line) return Error{line.error()};
    if (line->rfind("prepared ", 0) != 0) {
      return fail("worker " + std::to_string(i) + " said \"" + *line + "\" instead of prepared");
    }
  }
  return pool;
}

WorkerPool::~WorkerPool() {
  for (auto& w : workers_) {
    if (w.toWorker >= 0) ::close(w.toWorker);
    w.toWorker = -1;
  }
  auto deadline = Clock::now() + std::chrono::seconds(5);
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    auto& w = workers_[i];
    while (!w.reaped && Clock::now() < deadline) {
      describe(i, false);
      if (!w.reaped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!w.reaped) {
      ::kill(w.pid, SIGKILL);
      describe(i, true);
    }
    if (w.fromWorker >= 0) ::close(w.fromWorker);
  }
}

std::vector<pid_t> WorkerPool::pids() const {
  std::vector<pid_t> out;
  for (const auto& w : workers_) out.push_back(w.pid);
  return out;
}

std::string WorkerPool::describe(std::size_t index, bool block) {
  auto& w = workers_[index];
  if (!w.reaped) {
    int status = 0;
    pid_t r = ::waitpid(w.pid, &status, block ? 0 : WNOHANG);
    if (r == w.pid) {
      w.reaped = true;
      w.status = status;
    }
  }
  std::string who = "worker " + std::to_string(index) + " (pid " + std::to_string(w.pid) + ")";
  return w.reaped ? who + " " + exitText(w.status) : who + " is still running";
}

Status WorkerPool::writeLine(std::size_t index, const std::string& line) {
  auto& w = workers_[index];
  std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(w.toWorker, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return fail("cannot write to " + describe(index, false) + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return okStatus();
}

Result<std::string> WorkerPool::readLine(std::size_t index) {
  auto& w = workers_[index];
  auto deadline = Clock::now() + timeout_;
  while (true) {
    auto nl = w.buffered.find('\n');
    if (nl != std::string::npos) {
      std::string line = w.buffered.substr(0, nl);
      w.buffered.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return fail("no answer within " + std::to_string(timeout_.count()) + " ms from " +
                  describe(index, false));
    }
    pollfd pfd{w.fromWorker, POLLIN, 0};
    int r = ::poll(&pfd, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (r < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
    if (r <= 0) continue;
    char buf[65536];
    ssize_t n = ::read(w.fromWorker, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // End of output: the worker is gone (or going); wait briefly for its status.
      for (int i = 0; i < 100 && !w.reaped; ++i) {
        describe(index, false);
        if (!w.reaped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return fail(describe(index, false) + " closed its output");
    }
    w.buffered.append(buf, static_cast<std::size_t>(n));
  }
}

Result<std::vector<std::string>> WorkerPool::command(const std::string& line) {
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    if (auto s = writeLine(i, line); !s) return Error{s.error()};
  }
  std::vector<std::string> replies;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    auto reply = readLine(i);
    if (!reply) return Error{reply.error()};
    if (reply->rfind("error", 0) == 0) {
      return fail("worker " + std::to_string(i) + " answered \"" + line + "\" with: " + *reply);
    }
    replies.push_back(std::move(*reply));
  }
  return replies;
}

Result<WorkerCounters> WorkerPool::counters() {
  auto replies = command("counters");
  if (!replies) return Error{replies.error()};
  WorkerCounters sum;
  bool firstOne = true;
  for (std::size_t i = 0; i < replies->size(); ++i) {
    auto c = parseCounters((*replies)[i]);
    if (!c) return fail("worker " + std::to_string(i) + ": bad counters line");
    if (firstOne) {
      sum = *c;
      firstOne = false;
    } else {
      sum.add(*c);
    }
  }
  return sum;
}

Result<std::vector<std::int64_t>> WorkerPool::welcomedNs() {
  auto replies = command("welcomes");
  if (!replies) return Error{replies.error()};
  std::vector<std::int64_t> all;
  for (std::size_t i = 0; i < replies->size(); ++i) {
    auto w = parseWelcomes((*replies)[i]);
    if (!w) return fail("worker " + std::to_string(i) + ": bad welcomes line");
    all.insert(all.end(), w->begin(), w->end());
  }
  return all;
}

std::string WorkerPool::exited() {
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    std::string how = describe(i, false);
    if (workers_[i].reaped) return how;
  }
  return {};
}

Status WorkerPool::quit() {
  auto replies = command("quit");
  if (!replies) return Error{replies.error()};
  std::string failures;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    auto& w = workers_[i];
    ::close(w.toWorker);
    w.toWorker = -1;
    // Generous: a worker at nice +10 on a busy machine can take a while to close its sockets.
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (!w.reaped && Clock::now() < deadline) {
      describe(i, false);
      if (!w.reaped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!w.reaped || !WIFEXITED(w.status) || WEXITSTATUS(w.status) != 0) {
      failures += (failures.empty() ? "" : "; ") + describe(i, false);
    }
  }
  if (!failures.empty()) return fail(failures);
  return okStatus();
}

}  // namespace cb::swarm
