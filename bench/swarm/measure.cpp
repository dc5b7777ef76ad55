#include "measure.hpp"

#include <algorithm>
#include <thread>

#include "control/control_client.hpp"

namespace cb::swarm {
namespace {

double msSince(SteadyClock::time_point t0, SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(t - t0).count();
}

double msSinceNs(SteadyClock::time_point t0, std::int64_t ns) {
  if (ns == 0) return 0;
  return msSince(t0, SteadyClock::time_point(std::chrono::nanoseconds(ns)));
}

}  // namespace

void measureRegistration(const std::string& controlEndpoint, Swarm& swarm,
                         SteadyClock::time_point t0, std::chrono::milliseconds timeout,
                         const std::function<bool()>& alive, Figures& figures) {
  auto deadline = t0 + timeout;
  while (true) {
    auto asked = SteadyClock::now();
    auto status = control::requestStatus(controlEndpoint, std::chrono::seconds(5));
    auto now = SteadyClock::now();
    figures.statusPolls++;
    figures.statusMaxMs = std::max(figures.statusMaxMs, msSince(asked, now));
    if (!status) figures.statusFailures++;
    if (status) {
      figures.readySeen = status->ready;
      if (figures.readySeen >= swarm.size()) {
        figures.allReady = true;
        figures.readyMs = msSince(t0, now);
        break;
      }
    }
    if (now > deadline || !alive()) {
      figures.readyMs = msSince(t0, now);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  figures.agentsWelcomedMs = msSinceNs(t0, swarm.counters().allRegisteredNs.load());
}

RunTiming measureRun(const std::string& controlEndpoint, Swarm& swarm,
                     std::chrono::milliseconds timeout) {
  RunTiming timing;
  auto& counters = swarm.counters();
  counters.firstTaskNs = 0;
  counters.lastTaskNs = 0;
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
  timing.firstTaskMs = msSinceNs(t0, counters.firstTaskNs.load());
  timing.lastTaskMs = msSinceNs(t0, counters.lastTaskNs.load());
  if (!reply) {
    timing.error = reply.error();
    return timing;
  }
  timing.status = reply->status;
  timing.results = control::resultCount(*reply);
  return timing;
}

}  // namespace cb::swarm
