#pragma once
// The line protocol between clusterbench-swarm and its worker processes (`--worker` mode).
// The parent writes one command line to a worker's stdin; the worker answers each with exactly
// one line on its stdout, in order. Words are separated by single spaces; numbers are decimal;
// times are steady_clock (CLOCK_MONOTONIC) nanoseconds, which all processes of one machine share.
//
//   (at start-up, unasked)  -> "prepared <agents>"       identities and facts are ready
//   "start"                 -> "ok"                      connect every agent (returns at once)
//   "counters"              -> "counters <13 numbers>"   WorkerCounters, in declaration order
//   "reset-tasks"           -> "ok"                      first/last runTask times back to 0
//   "welcomes"              -> "welcomes <n> <ns>..."    per agent, its first welcome; 0 = none
//   "stop-agents"           -> "ok"                      close every agent's socket
//   "bare <endpoint> <key>" -> "ok"                      as many bare DEALERs as agents connect
//                                                        to a CURVE ROUTER (bare_dealers.hpp)
//   "quit"                  -> "bye"                     then the worker exits with status 0
//
// Anything else is answered with "error <text>". The parsers are pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cb::swarm {

struct SwarmCounters;

/// A snapshot of SwarmCounters that can cross a pipe and be added up.
struct WorkerCounters {
  std::uint64_t hellosSent = 0, registered = 0, reRegistrations = 0, heartbeatsSent = 0,
                heartbeatAcks = 0, tasksReceived = 0, resultsSent = 0, errorsReceived = 0,
                sendRefused = 0;
  std::int64_t allRegisteredNs = 0, firstTaskNs = 0, lastTaskNs = 0;
  std::uint64_t agents = 0;

  /// Sums the counts; allRegisteredNs and lastTaskNs take the later time (0 when either side
  /// has none for allRegisteredNs, since then not all are registered), firstTaskNs the earlier
  /// non-zero one.
  void add(const WorkerCounters& other);
};

WorkerCounters snapshot(const SwarmCounters& counters, std::uint64_t agents);

/// "counters ..." line (without newline) and its parser; nullopt when malformed.
std::string formatCounters(const WorkerCounters& c);
std::optional<WorkerCounters> parseCounters(std::string_view line);

/// "welcomes ..." line (without newline) and its parser; nullopt when malformed.
std::string formatWelcomes(const std::vector<std::int64_t>& ns);
std::optional<std::vector<std::int64_t>> parseWelcomes(std::string_view line);

}  // namespace cb::swarm
