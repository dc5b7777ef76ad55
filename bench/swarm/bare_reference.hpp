#pragma once
// The bare-ZeroMQ reference: the same fan-out/gather shape as a controller run, with nothing
// but ZeroMQ and CURVE. This process binds one ROUTER (CURVE server, loopback port 0); the
// workers connect as many DEALERs as there are simulated agents (bare_dealers.hpp). One round
// sends a 1-frame request to every DEALER and gathers every 1-frame reply; it is timed like a
// run, from the first send to the last reply.
// Thread-safety: runs on the calling thread; blocks until done or the timeouts pass.
#include <chrono>

#include "figures.hpp"
#include "worker_pool.hpp"

namespace cb::swarm {

/// Connects the workers' DEALERs (waiting up to `connectTimeout` for all of them), then runs
/// `repeats` rounds (each bounded by `roundTimeout`). The workers' DEALERs stay connected
/// until they quit. Failures are reported in BareFigures::error, never thrown.
BareFigures measureBare(WorkerPool& pool, int repeats, std::chrono::milliseconds connectTimeout,
                        std::chrono::milliseconds roundTimeout);

}  // namespace cb::swarm
