#include "measure.hpp"

#include <algorithm>
#include <thread>

#include "control/control_client.hpp"

namespace cb::swarm {
namespace {

double msSince(SteadyClock::time_point t0, SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(t - t0).count();
}

}  // namespace

double msSinceNs(SteadyClock::time_point t0, std::int64_t ns) {
  if (ns == 0) return 0;
  return msSince(t0, SteadyClock::time_point(std::chrono::nanoseconds(ns)));
}

void measureRegistration(const std::string& controlEndpoint, std::size_t agents,
                         SteadyClock::time_point t0, std::chrono::milliseconds timeout,
                         const std::function<bool()>& alive, Figures& figures) {
  auto deadline = t0 + timeout;
  auto nextNodes = t0 + std::chrono::milliseconds(500);
  while (true) {
    auto asked = SteadyClock::now();
    auto status = control::requestStatus(controlEndpoint, std::chrono::seconds(5));
    auto now = SteadyClock::now();
    figures.statusPolls++;
    figures.statusMs.push_back(msSince(asked, now));
    figures.statusMaxMs = std::max(figures.statusMaxMs, figures.statusMs.back());
    if (!status) figures.statusFailures++;
    if (status) {
      figures.readySeen = status->ready;
      if (figures.readySeen >= agents) {
        figures.allReady = true;
        figures.readyMs = msSince(t0, now);
        break;
      }
    }
    if (now > deadline || !alive()) {
      figures.readyMs = msSince(t0, now);
      break;
    }
    if (now >= nextNodes) {
      auto before = SteadyClock::now();
      auto nodes = control::requestNodes(controlEndpoint, std::chrono::seconds(5));
      if (nodes) figures.nodesMs.push_back(msSince(before, SteadyClock::now()));
      nextNodes = SteadyClock::now() + std::chrono::milliseconds(500);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

RunTiming measureRun(const std::string& controlEndpoint, WorkerPool& pool,
                     std::chrono::milliseconds timeout) {
  RunTiming timing;
  if (auto reset = pool.command("reset-tasks"); !reset) {
    timing.error = reset.error();
    return timing;
  }
  control::RunArgs args;
  args.benchmark = "noop";
  bool first = true;
  auto t0 = SteadyClock::now();
  auto reply = control::requestRun(
      controlEndpoint, args,
      [&](const std::string&) {
        auto now = SteadyClock::now();
        if (first) timing.dispatchMs = msSince(t0, now);
        first = false;
        timing.gatherMs = msSince(t0, now);
      },
      timeout);
  timing.totalMs = msSince(t0, SteadyClock::now());
  auto counters = pool.counters();
  if (counters) {
    timing.firstTaskMs = msSinceNs(t0, counters->firstTaskNs);
    timing.lastTaskMs = msSinceNs(t0, counters->lastTaskNs);
  }
  if (!reply) {
    timing.error = reply.error();
    return timing;
  }
  if (!counters) {
    timing.error = counters.error();
    return timing;
  }
  timing.status = reply->status;
  timing.results = control::resultCount(*reply);
  return timing;
}

}  // namespace cb::swarm
