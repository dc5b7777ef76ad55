#pragma once
// The controller daemon's named logger.
#include <spdlog/spdlog.h>

namespace cb::controller {

inline std::shared_ptr<spdlog::logger> daemonLog() {
  static auto logger = [] {
    auto l = spdlog::get("controller");
    return l ? l : spdlog::default_logger()->clone("controller");
  }();
  return logger;
}

}  // namespace cb::controller
