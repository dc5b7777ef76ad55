#pragma once
// The two timed phases of the controller benchmark, driven from the main thread through the
// controller's control socket (the same client calls the `clusterbench` CLI makes) while the
// worker processes' agents answer.
#include <chrono>
#include <functional>
#include <string>

#include "figures.hpp"
#include "swarm_counters.hpp"
#include "worker_pool.hpp"

namespace cb::swarm {

/// Polls requestStatus every 10 ms until "ready" reaches `agents`, `timeout` passes or `alive`
/// returns false (the controller or a worker has exited); sets allReady, readySeen, readyMs (since
/// `t0`) and the status figures (every answer's latency; requestNodes timed every 500 ms while
/// waiting). Does not talk to the workers.
void measureRegistration(const std::string& controlEndpoint, std::size_t agents,
                         SteadyClock::time_point t0, std::chrono::milliseconds timeout,
                         const std::function<bool()>& alive, Figures& figures);

/// One `noop` run on every ready node through requestRun(), timed from the call; the first and
/// last runTask arrival come from the workers' counters.
RunTiming measureRun(const std::string& controlEndpoint, WorkerPool& pool,
                     std::chrono::milliseconds timeout);

/// Milliseconds from `t0` to the steady-clock time `ns`; 0 when ns is 0 (never happened).
double msSinceNs(SteadyClock::time_point t0, std::int64_t ns);

}  // namespace cb::swarm
