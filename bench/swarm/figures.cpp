#include "figures.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace cb::swarm {
namespace {

using nlohmann::json;

std::vector<double> pick(const Figures& f, double RunTiming::*field) {
  std::vector<double> v;
  for (const auto& r : f.runs) {
    if (r.error.empty()) v.push_back(r.*field);
  }
  return v;
}

std::string fmt(const char* format, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

std::string procLine(const std::optional<ProcStats>& s) {
  if (!s) return "n/a";
  return fmt("RSS %.1f MiB, CPU %.2f s", static_cast<double>(s->rssKb) / 1024.0, s->cpuSeconds);
}

json procJson(const std::optional<ProcStats>& s) {
  if (!s) return nullptr;
  return {{"rss_kb", s->rssKb}, {"cpu_seconds", s->cpuSeconds}};
}

json summaryJson(const Summary& s) {
  return {{"count", s.count}, {"min", s.min}, {"p50", s.p50},  {"p95", s.p95},
          {"p99", s.p99},     {"max", s.max}, {"mean", s.mean}};
}

std::string summaryLine(const Summary& s) {
  return fmt("p50 %8.1f  p99 %8.1f  max %8.1f  min %8.1f ms", s.p50, s.p99, s.max, s.min);
}

json bareJson(const Figures& f) {
  if (!f.bare.ran) return nullptr;
  auto rounds = summarize(f.bare.roundsMs);
  return {{"dealers", f.bare.peers},
          {"connect_ms", f.bare.connectMs},
          {"rounds", rounds.count},
          {"round_trip_ms", summaryJson(rounds)},
          {"controller_p50_over_bare_p50", bareRatio(f)},
          {"router_rss_kib_per_connection", bareKibPerPeer(f.bare)},
          {"error", f.bare.error}};
}

json restartJson(const RestartFigures& r) {
  if (!r.ran) return nullptr;
  return {{"all_ready", r.allReady},
          {"ready", r.readySeen},
          {"controller_started_ms", r.startMs},
          {"ready_ms", r.readyMs},
          {"error", r.error}};
}

}  // namespace

Summary totalSummary(const Figures& f) {
  return summarize(pick(f, &RunTiming::totalMs));
}

double bareKibPerPeer(const BareFigures& b) {
  if (b.peers == 0 || b.rssBeforeKb == 0 || b.rssAfterKb <= b.rssBeforeKb) return 0;
  return static_cast<double>(b.rssAfterKb - b.rssBeforeKb) / static_cast<double>(b.peers);
}

double bareRatio(const Figures& f) {
  auto bare = summarize(f.bare.roundsMs);
  auto controller = totalSummary(f);
  if (bare.count == 0 || controller.count == 0 || bare.p50 <= 0) return 0;
  return controller.p50 / bare.p50;
}

double controllerKibPerAgent(const Figures& f) {
  if (!f.controllerAtStart || !f.controllerAfterRegistration || f.agents == 0) return 0;
  double grown = static_cast<double>(f.controllerAfterRegistration->rssKb) -
                 static_cast<double>(f.controllerAtStart->rssKb);
  return grown / static_cast<double>(f.agents);
}

void printText(std::ostream& out, const Figures& f) {
  std::size_t failed = 0;
  for (const auto& r : f.runs) failed += r.error.empty() && r.status == "succeeded" ? 0 : 1;
  out << "clusterbench-swarm: " << f.agents << " simulated agents (cb::agent::Connection) in "
      << f.processes << " worker process(es) at nice +" << f.workerNice << ", controller "
      << f.controllerBinary << ", heartbeat " << f.heartbeatMs
      << " ms (agents before their welcome: " << f.agentHeartbeatMs << " ms)\n\n";
  if (f.allReady) {
    out << fmt(
        "registration    all %.0f ready after %.1f ms (controller status); last welcome "
        "at an agent after %.1f ms\n",
        static_cast<double>(f.agents), f.readyMs, f.agentsWelcomedMs);
  } else {
    out << "registration    FAILED: only " << f.readySeen << " of " << f.agents << " ready after "
        << fmt("%.0f", f.readyMs) << " ms\n";
  }
  out << "  per agent     " << summaryLine(f.welcome) << " (start to own welcome)\n";
  auto status = summarize(f.statusMs);
  out << "  status polls  " << f.statusPolls << ", " << f.statusFailures << " failed; answer "
      << fmt("p50 %.1f  p99 %.1f  max %.1f ms", status.p50, status.p99, f.statusMaxMs) << "\n";
  auto nodes = summarize(f.nodesMs);
  out << "  nodes list    " << nodes.count << " during registration; answer "
      << fmt("p50 %.1f  max %.1f ms", nodes.p50, nodes.max) << "\n";
  if (!f.runs.empty()) {
    out << "fan-out/gather  noop on every node, " << f.runs.size() << " runs, " << failed
        << " not fully succeeded\n";
    out << "  round trip    " << summaryLine(totalSummary(f)) << "\n";
    out << "  dispatched    " << summaryLine(summarize(pick(f, &RunTiming::dispatchMs))) << "\n";
    out << "  last runTask  " << summaryLine(summarize(pick(f, &RunTiming::lastTaskMs))) << "\n";
    out << "  gathered      " << summaryLine(summarize(pick(f, &RunTiming::gatherMs))) << "\n";
    for (const auto& r : f.runs) {
      if (!r.error.empty()) out << "  run error: " << r.error << "\n";
    }
  }
  if (f.bare.ran) {
    auto bare = summarize(f.bare.roundsMs);
    out << "bare ZeroMQ     " << f.bare.peers << " CURVE DEALERs, one ROUTER, "
        << fmt("connected in %.1f ms", f.bare.connectMs) << ", " << bare.count << " rounds\n";
    out << "  round trip    "
        << fmt("p50 %8.1f  p95 %8.1f  max %8.1f  min %8.1f ms", bare.p50, bare.p95, bare.max,
               bare.min)
        << "\n";
    out << "  controller / bare p50  " << fmt("%.2fx", bareRatio(f)) << "\n";
    if (bareKibPerPeer(f.bare) > 0) {
      out << "  ROUTER memory " << fmt("%.1f KiB per connection", bareKibPerPeer(f.bare))
          << " (this process's RSS after the rounds - before binding, / DEALERs)\n";
    }
    if (!f.bare.error.empty()) out << "  error: " << f.bare.error << "\n";
  }
  if (f.restart.ran) {
    out << "restart         kill -9, same state dir and port: controller up after "
        << fmt("%.1f ms", f.restart.startMs) << ", "
        << (f.restart.allReady ? fmt("all %.0f ready again after %.1f ms",
                                     static_cast<double>(f.agents), f.restart.readyMs)
                               : "FAILED: " + f.restart.error)
        << "\n";
  }
  out << "controller      at start: " << procLine(f.controllerAtStart) << "\n"
      << "                after registration: " << procLine(f.controllerAfterRegistration)
      << fmt(" (%.1f KiB per agent)", controllerKibPerAgent(f)) << "\n"
      << "                after runs: " << procLine(f.controllerAfterRuns) << "\n"
      << "                stop: " << f.controllerExit << "\n";
  out << "load average    before " << f.loadBefore << ", after " << f.loadAfter << "\n";
  out << fmt(
      "swarm           CPU %.2f s after registration, %.2f s after the runs (this process and "
      "the workers: agents, status polls, CLI client)\n",
      f.swarmCpuAfterRegistration, f.swarmCpuSeconds);
  out << "agents          hellos " << f.hellosSent << ", results dropped " << f.sendRefused
      << ", heartbeats " << f.heartbeatsSent << " (acks " << f.heartbeatAcks << "), tasks "
      << f.tasksReceived << ", results " << f.resultsSent << ", errors " << f.errorsReceived
      << ", re-registrations " << f.reRegistrations << "\n";
  if (!f.workersExit.empty()) out << "workers         " << f.workersExit << "\n";
}

void printJson(std::ostream& out, const Figures& f) {
  json runs = json::array();
  for (const auto& r : f.runs) {
    runs.push_back({{"total_ms", r.totalMs},
                    {"dispatch_ms", r.dispatchMs},
                    {"gather_ms", r.gatherMs},
                    {"first_task_ms", r.firstTaskMs},
                    {"last_task_ms", r.lastTaskMs},
                    {"results", r.results},
                    {"status", r.status},
                    {"error", r.error}});
  }
  json j = {{"agents", f.agents},
            {"repeats", f.repeats},
            {"heartbeat_ms", f.heartbeatMs},
            {"processes", f.processes},
            {"worker_nice", f.workerNice},
            {"agent_heartbeat_ms", f.agentHeartbeatMs},
            {"controller_binary", f.controllerBinary},
            {"registration",
             {{"all_ready", f.allReady},
              {"ready", f.readySeen},
              {"ready_ms", f.readyMs},
              {"agents_welcomed_ms", f.agentsWelcomedMs},
              {"per_agent_welcome_ms", summaryJson(f.welcome)},
              {"status_polls", f.statusPolls},
              {"status_failures", f.statusFailures},
              {"status_max_ms", f.statusMaxMs},
              {"status_ms", summaryJson(summarize(f.statusMs))},
              {"nodes_ms", summaryJson(summarize(f.nodesMs))}}},
            {"round_trip_ms", summaryJson(totalSummary(f))},
            {"dispatch_ms", summaryJson(summarize(pick(f, &RunTiming::dispatchMs)))},
            {"gather_ms", summaryJson(summarize(pick(f, &RunTiming::gatherMs)))},
            {"runs", runs},
            {"controller",
             {{"at_start", procJson(f.controllerAtStart)},
              {"after_registration", procJson(f.controllerAfterRegistration)},
              {"after_runs", procJson(f.controllerAfterRuns)},
              {"kib_per_agent", controllerKibPerAgent(f)},
              {"stop", f.controllerExit}}},
            {"bare_reference", bareJson(f)},
            {"restart", restartJson(f.restart)},
            {"workers_exit", f.workersExit},
            {"load_before", f.loadBefore},
            {"load_after", f.loadAfter},
            {"swarm_cpu_after_registration_seconds", f.swarmCpuAfterRegistration},
            {"swarm_cpu_seconds", f.swarmCpuSeconds},
            {"swarm_file_limit", f.swarmFileLimit},
            {"agents_counters",
             {{"hellos", f.hellosSent},
              {"results_dropped", f.sendRefused},
              {"heartbeats", f.heartbeatsSent},
              {"heartbeat_acks", f.heartbeatAcks},
              {"tasks", f.tasksReceived},
              {"results", f.resultsSent},
              {"errors", f.errorsReceived},
              {"re_registrations", f.reRegistrations}}}};
  out << j.dump(2) << "\n";
}

}  // namespace cb::swarm
