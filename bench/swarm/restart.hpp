#pragma once
// Controller crash recovery: kill -9 the controller, start it again on the same state dir and
// agent port, and time how long the agents (each a cb::agent::Connection, reconnecting on its
// own with backoff and jitter) take to be ready again, seen through requestStatus.
#include <chrono>
#include <cstddef>

#include "controller_process.hpp"
#include "figures.hpp"

namespace cb::swarm {

/// Times from the SIGKILL; polls status every 10 ms until `agents` are ready or `timeout`
/// passes. Failures are reported in RestartFigures::error.
RestartFigures measureRestart(ControllerProcess& daemon, std::size_t agents,
                              std::chrono::milliseconds timeout);

}  // namespace cb::swarm
