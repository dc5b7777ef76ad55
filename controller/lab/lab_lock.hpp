#pragma once
// One lab command at a time per state dir: an exclusive flock on <stateDir>/lab.lock, held for
// the life of the object (released by the kernel if the process dies). The descriptor is
// close-on-exec, so daemons the lab starts never hold it.
#include <filesystem>

#include "util/result.hpp"

namespace cb::lab {

class LabLock {
 public:
  /// Fails at once (naming the file) when another process holds the lock.
  static Result<LabLock> acquire(const std::filesystem::path& file);

  LabLock(LabLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  LabLock& operator=(LabLock&&) = delete;
  LabLock(const LabLock&) = delete;
  ~LabLock();

 private:
  explicit LabLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace cb::lab
