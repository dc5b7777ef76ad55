#include "tasks/orphan_reaper.hpp"

#include <signal.h>

#include "util/asio.hpp"

namespace cb::agent {

std::vector<int> orphansToReap(const os::ProcStat& self,
                               const std::vector<os::ProcStat>& snapshot) {
  std::vector<int> out;
  for (const auto& p : snapshot) {
    if (p.ppid != self.pid || p.state != 'Z') continue;
    bool runnerChild = p.pgrp == p.pid && p.session == self.session;
    if (!runnerChild) out.push_back(p.pid);
  }
  return out;
}

struct OrphanReaper::Signals {
  explicit Signals(boost::asio::io_context& io) : set(io, SIGCHLD) {}
  boost::asio::signal_set set;
};

OrphanReaper::OrphanReaper(boost::asio::io_context& io, os::ProcessTable& table, int selfPid)
    : signals_(std::make_unique<Signals>(io)), table_(table), selfPid_(selfPid) {}

OrphanReaper::~OrphanReaper() = default;

void OrphanReaper::start() {
  sweep();
  wait();
}

void OrphanReaper::wait() {
  signals_->set.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;  // cancelled: the reaper is going away
    sweep();
    wait();
  });
}

std::size_t OrphanReaper::sweep() {
  auto self = table_.stat(selfPid_);
  if (!self) return 0;
  std::size_t reaped = 0;
  for (int pid : orphansToReap(*self, table_.list())) reaped += table_.reap(pid) ? 1 : 0;
  return reaped;
}

}  // namespace cb::agent
