#pragma once
// The two timed phases, driven from the main thread through the controller's control socket
// (the same client calls the `clusterbench` CLI makes) while the swarm thread answers.
#include <chrono>
#include <functional>
#include <string>

#include "figures.hpp"
#include "swarm.hpp"

namespace cb::swarm {

/// Polls requestStatus every 10 ms until "ready" reaches swarm.size(), `timeout` passes or
/// `alive` says the controller has exited; sets allReady, readySeen, readyMs (since `t0`),
/// agentsWelcomedMs and the status poll figures.
void measureRegistration(const std::string& controlEndpoint, Swarm& swarm,
                         SteadyClock::time_point t0, std::chrono::milliseconds timeout,
                         const std::function<bool()>& alive, Figures& figures);

/// One `noop` run on every ready node through requestRun(), timed from the call.
RunTiming measureRun(const std::string& controlEndpoint, Swarm& swarm,
                     std::chrono::milliseconds timeout);

}  // namespace cb::swarm
