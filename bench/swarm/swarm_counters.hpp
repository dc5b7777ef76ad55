#pragma once
// What the simulated agents saw, for the benchmark's report.
// Thread-safety: written by the swarm thread only, read by any thread (atomics). Times are
// steady_clock (CLOCK_MONOTONIC) nanoseconds, comparable across the processes of one machine.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace cb::swarm {

using SteadyClock = std::chrono::steady_clock;

/// steady_clock time as a count of nanoseconds (fits an atomic); 0 = not yet.
inline std::int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch())
      .count();
}

struct SwarmCounters {
  std::atomic<std::uint64_t> hellosSent{0};       // hellos the Connections made
  std::atomic<std::uint64_t> registered{0};       // agents that got their first welcome
  std::atomic<std::uint64_t> reRegistrations{0};  // registrations after the first (reconnects)
  std::atomic<std::uint64_t> heartbeatsSent{0};
  std::atomic<std::uint64_t> heartbeatAcks{0};
  std::atomic<std::uint64_t> tasksReceived{0};
  std::atomic<std::uint64_t> resultsSent{0};
  std::atomic<std::uint64_t> errorsReceived{0};  // Error envelopes from the controller
  std::atomic<std::uint64_t> sendRefused{0};     // taskResults the Connection dropped
  std::atomic<std::int64_t> allRegisteredNs{0};  // when `registered` reached the swarm size
  // Reset by the driver before each run: first and last runTask arrival of that run.
  std::atomic<std::int64_t> firstTaskNs{0};
  std::atomic<std::int64_t> lastTaskNs{0};
};

}  // namespace cb::swarm
