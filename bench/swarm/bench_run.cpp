#include "bench_run.hpp"

#include <iostream>
#include <optional>

#include "bare_reference.hpp"
#include "controller_process.hpp"
#include "figures.hpp"
#include "measure.hpp"
#include "percentiles.hpp"
#include "proc_stats.hpp"
#include "restart.hpp"
#include "swarm.hpp"
#include "worker_pool.hpp"

namespace cb::swarm {
namespace {

std::optional<ProcStats> sample(pid_t pid) {
  auto s = readProcStats(pid);
  if (!s) return std::nullopt;
  return *s;
}

/// CPU seconds of this process and of every worker so far.
double swarmCpu(const WorkerPool& pool) {
  double total = selfCpuSeconds();
  for (pid_t pid : pool.pids()) {
    if (auto s = readProcStats(pid)) total += s->cpuSeconds;
  }
  return total;
}

void copyCounters(const WorkerCounters& c, Figures& f) {
  f.hellosSent = c.hellosSent;
  f.heartbeatsSent = c.heartbeatsSent;
  f.heartbeatAcks = c.heartbeatAcks;
  f.tasksReceived = c.tasksReceived;
  f.resultsSent = c.resultsSent;
  f.errorsReceived = c.errorsReceived;
  f.sendRefused = c.sendRefused;
  f.reRegistrations = c.reRegistrations;
}

/// The controller phases: registration, runs, and the restart if asked. Returns false when
/// one of them failed.
bool measureController(const BenchOptions& o, ControllerProcess& daemon, WorkerPool& pool,
                       Figures& f) {
  bool ok = true;
  f.controllerAtStart = sample(daemon.pid());
  auto t0 = SteadyClock::now();
  if (auto started = pool.command("start"); !started) {
    std::cerr << "error: " << started.error() << "\n";
    return false;
  }
  measureRegistration(
      daemon.controlEndpoint(), o.agents, t0, std::chrono::seconds(o.registerTimeoutS),
      [&daemon, &pool] { return daemon.alive() && pool.exited().empty(); }, f);
  if (auto gone = pool.exited(); !gone.empty()) std::cerr << "error: " << gone << "\n";
  f.controllerAfterRegistration = sample(daemon.pid());
  f.swarmCpuAfterRegistration = swarmCpu(pool);
  if (auto c = pool.counters()) f.agentsWelcomedMs = msSinceNs(t0, c->allRegisteredNs);
  if (auto welcomed = pool.welcomedNs()) {
    std::vector<double> ms;
    for (auto ns : *welcomed) {
      if (ns != 0) ms.push_back(msSinceNs(t0, ns));
    }
    f.welcome = summarize(ms);
  }
  if (!f.allReady) return false;

  for (int i = 0; i < o.repeats; ++i) {
    f.runs.push_back(
        measureRun(daemon.controlEndpoint(), pool, std::chrono::seconds(o.runTimeoutS)));
    const auto& r = f.runs.back();
    if (!o.json) {
      std::cerr << "run " << i + 1 << "/" << o.repeats << ": " << r.totalMs << " ms, " << r.results
                << " results, " << (r.error.empty() ? r.status : r.error) << "\n";
    }
    if (!r.error.empty() || r.status != "succeeded" || r.results != o.agents) ok = false;
    if (!daemon.alive()) break;
  }
  f.controllerAfterRuns = sample(daemon.pid());
  f.swarmCpuSeconds = swarmCpu(pool);

  if (o.restart && daemon.alive()) {
    if (!o.json) std::cerr << "restart: kill -9 the controller and start it again\n";
    f.restart = measureRestart(daemon, o.agents, std::chrono::seconds(o.registerTimeoutS));
    if (!f.restart.allReady) ok = false;
  }
  return ok;
}

}  // namespace

int runBenchmark(const BenchOptions& o) {
  Figures f;
  f.agents = o.agents;
  f.repeats = o.repeats;
  f.heartbeatMs = o.heartbeatMs;
  f.controllerBinary = o.controllerBinary;
  f.swarmFileLimit = raiseFileLimit();
  f.loadBefore = loadAverage();

  // Workers inherit our limit. This process holds the bare reference's ROUTER (one connection
  // per agent); each worker holds its share of agents. The default share leaves room for
  // kFdHeadroom times the steady-state descriptors: when agents give up waiting for a welcome
  // and reconnect all at once, the old sockets' descriptors are freed only when libzmq's
  // reaper gets to them: workers with 1,000 agents ran out of descriptors this way (at 3,000
  // and 10,000 agents), workers with 500 did not.
  std::size_t limit = f.swarmFileLimit;
  std::size_t perProcess = std::min(kMaxAgentsPerProcess,
                                    limit > 256 ? (limit - 256) / (kFdHeadroom * kFdsPerAgent) : 0);
  std::size_t processes = o.processes;
  if (processes == 0) processes = perProcess == 0 ? 1 : (o.agents + perProcess - 1) / perProcess;
  processes = std::min(processes, o.agents);
  std::size_t biggest = (o.agents + processes - 1) / processes;
  if (biggest * kFdsPerAgent + 256 > limit || (o.reference && o.agents + 256 > limit)) {
    std::cerr << "error: " << o.agents << " agents in " << processes << " processes need about "
              << biggest * kFdsPerAgent + 256 << " file descriptors per worker"
              << (o.reference ? " and " + std::to_string(o.agents + 256) + " here" : "")
              << "; RLIMIT_NOFILE allows " << limit << " (use more --processes or ulimit -n)\n";
    return 2;
  }
  f.processes = processes;
  f.workerNice = o.workerNice;
  f.agentHeartbeatMs = o.agentHeartbeatMs;

  ControllerOptions copt;
  copt.binary = o.controllerBinary;
  copt.heartbeat = std::chrono::milliseconds(o.heartbeatMs);
  copt.logLevel = o.controllerLogLevel;
  copt.keepStateDir = o.keep;
  if (o.controllerNofile > 0) copt.nofile = o.controllerNofile;
  auto controller = ControllerProcess::start(copt);
  if (!controller) {
    std::cerr << "error: " << controller.error() << "\n";
    return 1;
  }
  auto& daemon = **controller;
  if (!o.json) {
    std::cerr << "controller pid " << daemon.pid() << " on " << daemon.agentEndpoint()
              << ", temp dir " << daemon.dir().string() << "; " << processes
              << " worker process(es)\n";
  }

  WorkerPoolOptions popt;
  popt.self = o.self;
  popt.agents = o.agents;
  popt.processes = processes;
  popt.endpoint = daemon.agentEndpoint();
  popt.controllerKey = daemon.publicKey();
  popt.joinToken = daemon.joinToken();
  popt.logLevel = o.agentLogLevel;
  popt.niceIncrement = o.workerNice;
  popt.agentHeartbeatMs = o.agentHeartbeatMs;
  auto pool = WorkerPool::start(popt);
  if (!pool) {
    std::cerr << "error: " << pool.error() << "\n";
    return 1;
  }
  auto& workers = **pool;

  int rc = measureController(o, daemon, workers, f) ? 0 : 1;
  if (auto c = workers.counters()) {
    copyCounters(*c, f);
  } else {
    std::cerr << "error: " << c.error() << "\n";
    rc = 1;
  }
  if (auto stopped = workers.command("stop-agents"); !stopped) {
    std::cerr << "error: " << stopped.error() << "\n";
    rc = 1;
  }
  if (rc != 0) std::cerr << "controller log (tail):\n" << daemon.logTail(15);
  f.controllerExit = daemon.stop();

  // The reference needs only the workers, so it runs even when a controller phase failed.
  if (o.reference && workers.exited().empty()) {
    if (!o.json) std::cerr << "bare ZeroMQ reference: " << o.agents << " DEALERs\n";
    f.bare = measureBare(workers, o.repeats, std::chrono::seconds(o.registerTimeoutS),
                         std::chrono::seconds(o.runTimeoutS));
    if (!f.bare.error.empty()) {
      std::cerr << "error: bare reference: " << f.bare.error << "\n";
      rc = 1;
    }
  }
  if (auto quit = workers.quit(); !quit) {
    f.workersExit = quit.error();
    std::cerr << "error: workers: " << quit.error() << "\n";
    rc = 1;
  }
  f.loadAfter = loadAverage();
  if (o.json) {
    printJson(std::cout, f);
  } else {
    printText(std::cout, f);
  }
  return rc;
}

}  // namespace cb::swarm
