#include "lab/lab_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cb::lab {

Result<LabLock> LabLock::acquire(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot open " + file.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    ::close(fd);
    if (e == EWOULDBLOCK) {
      return fail("another `clusterbench lab` command is running on this state dir (it holds " +
                  file.string() + ")");
    }
    return fail("cannot lock " + file.string() + ": " + std::strerror(e));
  }
  return LabLock(fd);
}

LabLock::~LabLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace cb::lab
