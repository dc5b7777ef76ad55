#include "restart.hpp"

#include <thread>

#include "control/control_client.hpp"

namespace cb::swarm {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

RestartFigures measureRestart(ControllerProcess& daemon, std::size_t agents,
                              std::chrono::milliseconds timeout) {
  RestartFigures f;
  f.ran = true;
  auto t0 = Clock::now();
  if (auto restarted = daemon.killAndRestart(); !restarted) {
    f.error = restarted.error();
    return f;
  }
  f.startMs = msSince(t0);
  auto deadline = t0 + timeout;
  while (true) {
    auto status = control::requestStatus(daemon.controlEndpoint(), std::chrono::seconds(5));
    if (status) {
      f.readySeen = status->ready;
      if (f.readySeen >= agents) {
        f.allReady = true;
        f.readyMs = msSince(t0);
        return f;
      }
    }
    if (Clock::now() > deadline || !daemon.alive()) {
      f.readyMs = msSince(t0);
      f.error = daemon.alive() ? "only " + std::to_string(f.readySeen) + " of " +
                                     std::to_string(agents) + " ready again in time"
                               : "the restarted controller exited";
      return f;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace cb::swarm
