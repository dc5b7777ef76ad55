// ControllerDaemon: saved outputs imported as a run.
#include "daemon/controller_daemon.hpp"

namespace cb::controller {

std::string ControllerDaemon::importRun(const std::string& json) {
  (void)json;
  return {};
}

}  // namespace cb::controller
