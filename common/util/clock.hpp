#pragma once
// Wall-clock time as stored in results (milliseconds since the Unix epoch).
#include <chrono>
#include <cstdint>

namespace cb {

inline std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace cb
