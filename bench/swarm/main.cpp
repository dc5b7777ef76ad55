// clusterbench-swarm: a benchmark of the control plane. Starts the real controller daemon as a
// child process, N simulated agents in this process (one loop thread), and measures how long
// registration and a fanned-out `noop` run take, plus the controller's memory and CPU.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "controller_process.hpp"
#include "figures.hpp"
#include "measure.hpp"
#include "percentiles.hpp"
#include "proc_stats.hpp"
#include "swarm.hpp"

namespace {

std::filesystem::path defaultControllerBinary() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("clusterbench") : self.parent_path() / "clusterbench";
}

std::optional<cb::swarm::ProcStats> sample(pid_t pid) {
  auto s = cb::swarm::readProcStats(pid);
  if (!s) return std::nullopt;
  return *s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "clusterbench-swarm: N simulated agents against a real controller; prints "
      "registration time, fan-out/gather round trips and the controller's RSS/CPU."};
  std::size_t agents = 100;
  int repeats = 20, heartbeatMs = 2000, registerTimeoutS = 60, runTimeoutS = 120;
  std::string controllerBin = defaultControllerBinary().string(), logLevel = "info";
  std::uint64_t controllerNofile = 0;
  bool json = false, queuedHello = false, keep = false;
  app.add_option("--agents,-n", agents, "number of simulated agents")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  app.add_option("--repeats,-r", repeats, "fan-out/gather rounds")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--controller-bin", controllerBin, "the clusterbench executable")
      ->capture_default_str();
  app.add_option("--heartbeat-ms", heartbeatMs, "controller --heartbeat-ms")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--controller-nofile", controllerNofile,
                 "RLIMIT_NOFILE (soft and hard, like systemd LimitNOFILE=) of the controller; 0 "
                 "= inherit this process's raised limit");
  app.add_option("--controller-log-level", logLevel, "controller --log-level")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option("--register-timeout-s", registerTimeoutS, "give up waiting for N ready")
      ->capture_default_str();
  app.add_option("--run-timeout-s", runTimeoutS, "give up waiting for one run")
      ->capture_default_str();
  app.add_flag("--queued-hello", queuedHello,
               "connect without ZMQ_IMMEDIATE so the first hello leaves as soon as the CURVE "
               "handshake is done (default: exactly like clusterbench-agent)");
  app.add_flag("--keep", keep, "keep the temp dir (controller log, results.db)");
  app.add_flag("--json", json, "print the figures as JSON");
  CLI11_PARSE(app, argc, argv);

  std::signal(SIGPIPE, SIG_IGN);
  cb::swarm::Figures f;
  f.agents = agents;
  f.repeats = repeats;
  f.heartbeatMs = heartbeatMs;
  f.immediate = !queuedHello;
  f.controllerBinary = controllerBin;
  f.swarmFileLimit = cb::swarm::raiseFileLimit();
  f.loadBefore = cb::swarm::loadAverage();
  // Per agent: its TCP connection, its ZeroMQ mailbox eventfd and the dup()ed ZMQ_FD we watch.
  if (f.swarmFileLimit < 3 * agents + 256) {
    std::cerr << "error: " << agents << " agents need about " << 3 * agents + 256
              << " file descriptors; RLIMIT_NOFILE allows " << f.swarmFileLimit << "\n";
    return 2;
  }

  cb::swarm::ControllerOptions copt;
  copt.binary = controllerBin;
  copt.heartbeat = std::chrono::milliseconds(heartbeatMs);
  copt.logLevel = logLevel;
  copt.keepStateDir = keep;
  if (controllerNofile > 0) copt.nofile = controllerNofile;
  auto controller = cb::swarm::ControllerProcess::start(copt);
  if (!controller) {
    std::cerr << "error: " << controller.error() << "\n";
    return 1;
  }
  auto& daemon = **controller;
  if (!json) {
    std::cerr << "controller pid " << daemon.pid() << " on " << daemon.agentEndpoint()
              << ", temp dir " << daemon.dir().string() << "\n";
  }

  int rc = 0;
  {
    cb::swarm::SwarmOptions sopt;
    sopt.agents = agents;
    sopt.endpoint = daemon.agentEndpoint();
    sopt.controllerKey = daemon.publicKey();
    sopt.joinToken = daemon.joinToken();
    sopt.immediate = !queuedHello;
    cb::swarm::Swarm swarm(sopt);
    f.controllerAtStart = sample(daemon.pid());

    auto t0 = cb::swarm::SteadyClock::now();
    swarm.start();
    cb::swarm::measureRegistration(
        daemon.controlEndpoint(), swarm, t0, std::chrono::seconds(registerTimeoutS),
        [&daemon] { return daemon.alive(); }, f);
    f.controllerAfterRegistration = sample(daemon.pid());
    f.welcome = cb::swarm::summarize(swarm.welcomeLatenciesMs());
    f.swarmCpuAfterRegistration = cb::swarm::selfCpuSeconds();
    if (!f.allReady) {
      rc = 1;
    } else {
      for (int i = 0; i < repeats; ++i) {
        f.runs.push_back(cb::swarm::measureRun(daemon.controlEndpoint(), swarm,
                                               std::chrono::seconds(runTimeoutS)));
        if (!json) {
          const auto& r = f.runs.back();
          std::cerr << "run " << i + 1 << "/" << repeats << ": " << r.totalMs << " ms, "
                    << r.results << " results, " << (r.error.empty() ? r.status : r.error) << "\n";
        }
        if (!daemon.alive()) break;
      }
      f.controllerAfterRuns = sample(daemon.pid());
      for (const auto& r : f.runs) {
        if (!r.error.empty() || r.status != "succeeded" || r.results != agents) rc = 1;
      }
    }
    swarm.stop();
    const auto& c = swarm.counters();
    f.hellosSent = c.hellosSent;
    f.heartbeatsSent = c.heartbeatsSent;
    f.heartbeatAcks = c.heartbeatAcks;
    f.tasksReceived = c.tasksReceived;
    f.resultsSent = c.resultsSent;
    f.errorsReceived = c.errorsReceived;
    f.sendRefused = c.sendRefused;
    f.reRegistrations = c.reRegistrations;
  }
  f.swarmCpuSeconds = cb::swarm::selfCpuSeconds();
  f.loadAfter = cb::swarm::loadAverage();
  if (rc != 0) std::cerr << "controller log (tail):\n" << daemon.logTail(15);
  f.controllerExit = daemon.stop();
  if (json) {
    cb::swarm::printJson(std::cout, f);
  } else {
    cb::swarm::printText(std::cout, f);
  }
  return rc;
}
