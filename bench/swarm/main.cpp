// clusterbench-swarm: a benchmark of the control plane. Starts the real controller daemon as a
// child process and N simulated agents in worker processes (this executable in --worker mode),
// measures registration and fanned-out `noop` runs, the controller's memory and CPU, and the
// same fan-out/gather shape on bare ZeroMQ for reference.
#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>

#include "bench_run.hpp"
#include "worker.hpp"

namespace {

std::filesystem::path selfExe() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("clusterbench-swarm") : self;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "clusterbench-swarm: N simulated agents against a real controller; prints registration "
      "time, fan-out/gather round trips, the controller's RSS/CPU and a bare-ZeroMQ reference."};
  cb::swarm::BenchOptions o;
  o.self = selfExe();
  o.controllerBinary = (o.self.parent_path() / "clusterbench").string();
  app.add_option("--agents,-n", o.agents, "number of simulated agents")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  app.add_option("--processes,-p", o.processes,
                 "worker processes holding the agents (default: at most 4000 agents each and a "
                 "sixth of the descriptor limit: about 540 at RLIMIT_NOFILE 20,000)");
  app.add_option("--worker-nice", o.workerNice,
                 "added to the worker processes' nice value, so the simulated agents (which "
                 "stand for other machines) do not take the controller's CPU")
      ->check(CLI::Range(0, 19))
      ->capture_default_str();
  app.add_option("--repeats,-r", o.repeats, "fan-out/gather rounds")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--controller-bin", o.controllerBinary, "the clusterbench executable")
      ->capture_default_str();
  app.add_option("--heartbeat-ms", o.heartbeatMs, "controller --heartbeat-ms")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--agent-heartbeat-ms", o.agentHeartbeatMs,
                 "clusterbench-agent --heartbeat-ms of the simulated agents: their interval until "
                 "the welcome sets one; without a welcome after 3 of them they reconnect")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--controller-nofile", o.controllerNofile,
                 "RLIMIT_NOFILE (soft and hard, like systemd LimitNOFILE=) of the controller; 0 "
                 "= inherit this process's raised limit");
  app.add_option("--controller-log-level", o.controllerLogLevel, "controller --log-level")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option("--agent-log-level", o.agentLogLevel,
                 "log level of the simulated agents' session code (to stderr)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--register-timeout-s", o.registerTimeoutS, "give up waiting for N ready")
      ->capture_default_str();
  app.add_option("--run-timeout-s", o.runTimeoutS, "give up waiting for one run")
      ->capture_default_str();
  app.add_flag("--reference,!--no-reference", o.reference,
               "also run the bare-ZeroMQ reference (default: on)");
  app.add_flag("--restart", o.restart,
               "after the runs, kill -9 the controller, restart it on the same state dir and "
               "port, and time until all agents are ready again");
  app.add_flag("--keep", o.keep, "keep the temp dir (controller log, results.db)");
  app.add_flag("--json", o.json, "print the figures as JSON");

  // Worker mode (worker.hpp): started by the benchmark itself, not by people.
  bool worker = false;
  cb::swarm::WorkerArgs w;
  app.add_flag("--worker", worker)->group("");
  app.add_option("--worker-first", w.first)->group("");
  app.add_option("--worker-endpoint", w.endpoint)->group("");
  app.add_option("--worker-key", w.controllerKey)->group("");
  app.add_option("--worker-token", w.joinToken)->group("");
  CLI11_PARSE(app, argc, argv);

  std::signal(SIGPIPE, SIG_IGN);
  if (worker) {
    w.agents = o.agents;
    w.logLevel = o.agentLogLevel;
    w.heartbeatMs = o.agentHeartbeatMs;
    return cb::swarm::runWorker(w);
  }
  return cb::swarm::runBenchmark(o);
}
