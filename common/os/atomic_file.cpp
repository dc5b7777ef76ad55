#include "os/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cb::os {
namespace {
std::string errnoText(const std::string& what, const std::filesystem::path& p) {
  return what + " " + p.string() + ": " + std::strerror(errno);
}
}  // namespace

Status writeFileAtomic(const std::filesystem::path& path, std::string_view content, unsigned mode) {
  auto tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail(errnoText("cannot create", tmp));
  ::fchmod(fd, mode);
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto msg = errnoText("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(msg);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    auto msg = errnoText("cannot flush", tmp);
    ::unlink(tmp.c_str());
    return fail(msg);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto msg = errnoText("cannot rename onto", path);
    ::unlink(tmp.c_str());
    return fail(msg);
  }
  auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return okStatus();
}

Result<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cb::os
