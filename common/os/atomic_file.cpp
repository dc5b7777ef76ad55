#include "os/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace cb::os {
namespace {

std::string errnoText(const std::string& what, const std::filesystem::path& p, int err) {
  return what + " " + p.string() + ": " + std::strerror(err);
}

/// Closes the descriptor when it goes out of scope.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

std::string tempName(const std::string& name) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string suffix;
  auto bits = rng();
  for (int i = 0; i < 12; ++i, bits >>= 4) suffix += kHex[bits & 0xf];
  return "." + name + ".tmp." + suffix;
}

Status writeAll(int fd, std::string_view content, const std::filesystem::path& shown) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errnoText("cannot write", shown, errno));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return okStatus();
}

bool isPlainName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

}  // namespace

Status writeFileAtomicAt(int dirFd, const std::string& name, std::string_view content,
                         unsigned mode, const std::filesystem::path& shown) {
  if (!isPlainName(name)) return fail("not a file name: " + shown.string());
  struct stat st {};
  if (::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISLNK(st.st_mode)) return fail("refusing to replace symlink " + shown.string());
    if (!S_ISREG(st.st_mode)) return fail("refusing to replace non-regular file " + shown.string());
  } else if (errno != ENOENT) {
    return fail(errnoText("cannot inspect", shown, errno));
  }
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    tmp = tempName(name);
    fd = ::openat(dirFd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  const auto shownTmp = shown.parent_path() / tmp;
  if (fd < 0) return fail(errnoText("cannot create", shownTmp, errno));
  auto discard = [&](std::string message) {
    ::unlinkat(dirFd, tmp.c_str(), 0);
    return fail(std::move(message));
  };
  {
    FdCloser closer{fd};
    if (auto s = writeAll(fd, content, shownTmp); !s) return discard(s.error());
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
      return discard(errnoText("cannot set the mode of", shownTmp, errno));
    }
    if (::fsync(fd) != 0) return discard(errnoText("cannot flush", shownTmp, errno));
    closer.fd = -1;
    if (::close(fd) != 0) return discard(errnoText("cannot close", shownTmp, errno));
  }
  if (::renameat(dirFd, tmp.c_str(), dirFd, name.c_str()) != 0) {
    return discard(errnoText("cannot rename onto", shown, errno));
  }
  if (::fsync(dirFd) != 0) return fail(errnoText("cannot flush directory of", shown, errno));
  return okStatus();
}

Status writeFileAtomic(const std::filesystem::path& path, std::string_view content, unsigned mode) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd < 0) return fail(errnoText("cannot open directory", dir, errno));
  FdCloser closer{dirFd};
  return writeFileAtomicAt(dirFd, path.filename().string(), content, mode, path);
}

Result<std::string> readFileAt(int dirFd, const std::string& name,
                               const std::filesystem::path& shown, bool* missing) {
  if (missing) *missing = false;
  if (!isPlainName(name)) return fail("not a file name: " + shown.string());
  // O_NONBLOCK: opening a planted FIFO must not hang; it is refused below.
  const int fd = ::openat(dirFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ELOOP) return fail("refusing to follow symlink " + shown.string());
    if (missing && (errno == ENOENT || errno == ENOTDIR)) *missing = true;
    return fail(errnoText("cannot read", shown, errno));
  }
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(errnoText("cannot inspect", shown, errno));
  if (!S_ISREG(st.st_mode)) return fail("refusing to read non-regular file " + shown.string());
  std::string out;
  char buf[8192];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return fail(errnoText("cannot read", shown, errno));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

Result<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::string> readFileNoFollow(const std::filesystem::path& path) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd < 0) return fail(errnoText("cannot read", path, errno));
  FdCloser closer{dirFd};
  return readFileAt(dirFd, path.filename().string(), path);
}

}  // namespace cb::os
