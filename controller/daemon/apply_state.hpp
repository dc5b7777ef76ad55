#pragma once
// State of the daemon's cluster spec rollouts (daemon/apply_handler.cpp); defined here so the
// daemon's destructor sees complete types.
#include <string>
#include <vector>

#include "util/asio.hpp"

#include "apply/apply_rollout.hpp"
#include "daemon/controller_daemon.hpp"

namespace cb::controller {

struct ControllerDaemon::PendingApply {
  PendingApply(boost::asio::io_context& io, ApplyMode mode, std::string file)
      : rollout(mode, std::move(file)), deadline(io) {}
  ApplyRollout rollout;
  boost::asio::steady_timer deadline;
  std::string peer;  // empty for an automatic apply
  std::string yaml;  // saved as the current spec when an apply succeeds
  std::vector<std::string> warnings, unassigned, unmatched;
};

/// Debounces the automatic re-apply: nodes registering together trigger one rollout.
struct ControllerDaemon::AutoApply {
  explicit AutoApply(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
  bool pending = false;
};

}  // namespace cb::controller
