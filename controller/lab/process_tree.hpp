#pragma once
// Whole process trees of lab guests: a systemd-nspawn or QEMU process and everything below it.
// Used when a guest ignores its polite stop signal; reads /proc only.
#include <chrono>
#include <vector>

#include "util/result.hpp"

namespace cb::lab {

/// Pids of every live descendant of `pid` (children first seen first), from /proc/<n>/stat.
std::vector<int> descendantsOf(int pid);

/// SIGTERM to `pid` alone, then after `grace` SIGKILL to every descendant and `pid` (killing a
/// PID namespace's init ends the namespace). Ok when `pid` is gone or no longer matches
/// `needle` (a reused pid); an error when it survives.
Status stopTree(int pid, const std::string& needle, std::chrono::milliseconds grace);

}  // namespace cb::lab
