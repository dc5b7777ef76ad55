#pragma once
// Reaps the orphans the agent inherits as a child subreaper (os::becomeChildSubreaper): a
// benchmark's processes whose parent died before them become the agent's children, and the
// agent must wait for them or they stay zombies.
//
// Contract with the ProcessRunner: every child it forks leads its own process group in the
// agent's session and is waited for by the runner, which needs its exit status. So a sweep
// reaps only zombie children that are not such a group leader (pgrp != pid, or another
// session). An orphan that made itself a group leader in the agent's session (setpgid(0, 0), a
// job-control shell) is therefore left a zombie until the agent exits; its group is still
// killed with the task's.
// Thread-safety: single-threaded (the io_context's thread).
#include <memory>
#include <vector>

#include "os/process_table.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::agent {

/// The pids of `snapshot` a sweep by process `self` may reap (see the contract above).
std::vector<int> orphansToReap(const os::ProcStat& self, const std::vector<os::ProcStat>& snapshot);

class OrphanReaper {
 public:
  /// `table` must outlive the reaper.
  OrphanReaper(boost::asio::io_context& io, os::ProcessTable& table, int selfPid);
  ~OrphanReaper();
  /// Sweeps now and at every SIGCHLD from then on.
  void start();
  /// One sweep: the number of orphans reaped.
  std::size_t sweep();

 private:
  void wait();

  struct Signals;
  std::unique_ptr<Signals> signals_;
  os::ProcessTable& table_;
  int selfPid_;
};

}  // namespace cb::agent
