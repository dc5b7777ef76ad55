#include "os/filesystem.hpp"

#include <algorithm>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

#include "os/atomic_file.hpp"

namespace cb::os {
namespace {

std::string errnoText(const std::string& what, const std::filesystem::path& p, int err) {
  return what + " " + p.string() + ": " + std::strerror(err);
}

/// Decodes the octal escapes (\040 for a space) the kernel uses in /proc/self/mountinfo.
std::string unescapeMountField(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      const std::string digits = field.substr(i + 1, 3);
      if (digits.find_first_not_of("01234567") == std::string::npos) {
        out += static_cast<char>(std::stoi(digits, nullptr, 8));
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

/// Whether `path` is itself a mount point in this process's mount namespace (Docker bind-mounts
/// /etc/hosts and /etc/hostname into containers; rename() cannot replace those).
bool isMountPoint(const std::filesystem::path& path) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  if (ec) return false;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // Fields: mount id, parent id, major:minor, root, mount point, ...
    std::size_t pos = 0;
    for (int field = 0; field < 4 && pos != std::string::npos; ++field) {
      pos = line.find(' ', pos);
      if (pos != std::string::npos) ++pos;
    }
    if (pos == std::string::npos) continue;
    const auto end = line.find(' ', pos);
    if (unescapeMountField(line.substr(pos, end - pos)) == canonical.string()) return true;
  }
  return false;
}

/// Rewrites a mount-point file in place (truncate + write + fsync): not atomic, but the only way
/// to change a bind-mounted file from inside its mount namespace.
Status writeInPlace(int dirFd, const std::string& name, const std::filesystem::path& path,
                    std::string_view content) {
  int fd = ::openat(dirFd, name.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return fail(errnoText("cannot open", path, errno));
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return fail(errnoText("cannot write", path, err));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return fail(errnoText("cannot flush", path, err));
  }
  if (::close(fd) != 0) return fail(errnoText("cannot close", path, errno));
  return okStatus();
}

/// An owned descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }

 private:
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
};

/// Opens directory `name` inside `dirFd` without following a symlink.
int openDirAt(int dirFd, const std::string& name) {
  return ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

class RootedFilesystem final : public Filesystem {
 public:
  explicit RootedFilesystem(std::filesystem::path root) : root_(std::move(root)) {}

  Result<std::optional<std::string>> read(const std::string& path) override {
    auto parts = split(path);
    if (!parts) return fail(parts.error());
    if (parts->empty()) return fail("not a file: " + path);
    auto dir = openParent(*parts, false);
    if (!dir) return fail(dir.error());
    if (dir->get() < 0) return std::optional<std::string>{};
    bool missing = false;
    auto text = readFileAt(dir->get(), parts->back(), *resolve(path), &missing);
    if (!text) {
      if (missing) return std::optional<std::string>{};
      return fail(text.error());
    }
    return std::optional<std::string>(std::move(*text));
  }

  Status write(const std::string& path, std::string_view content, unsigned mode) override {
    auto parts = split(path);
    if (!parts) return fail(parts.error());
    if (parts->empty()) return fail("not a file: " + path);
    auto dir = openParent(*parts, true);
    if (!dir) return fail(dir.error());
    const auto host = *resolve(path);
    struct stat st {};
    const bool exists = ::fstatat(dir->get(), parts->back().c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (exists && S_ISLNK(st.st_mode)) return fail("refusing to replace symlink " + host.string());
    if (exists && S_ISREG(st.st_mode) && isMountPoint(host)) {
      return writeInPlace(dir->get(), parts->back(), host, content);
    }
    return writeFileAtomicAt(dir->get(), parts->back(), content, mode, host);
  }

  Status remove(const std::string& path) override {
    auto parts = split(path);
    if (!parts) return fail(parts.error());
    if (parts->empty()) return fail("not a file: " + path);
    auto dir = openParent(*parts, false);
    if (!dir) return fail(dir.error());
    if (dir->get() < 0) return okStatus();
    if (::unlinkat(dir->get(), parts->back().c_str(), 0) != 0 && errno != ENOENT) {
      return fail(errnoText("cannot remove", *resolve(path), errno));
    }
    return okStatus();
  }

  Result<std::vector<std::string>> listRegularFiles(const std::string& path) override {
    auto parts = split(path);
    if (!parts) return fail(parts.error());
    const auto shown = *resolve(path);
    std::vector<std::string> names;
    int fd = -1;
    if (parts->empty()) {
      fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    } else {
      auto parent = openParent(*parts, false);
      if (!parent) return fail(parent.error());
      if (parent->get() < 0) return names;
      fd = openDirAt(parent->get(), parts->back());
    }
    if (fd < 0) {
      if (errno == ENOENT) return names;
      if (errno == ELOOP || errno == ENOTDIR) return fail(shown.string() + " is not a directory");
      return fail(errnoText("cannot list", shown, errno));
    }
    DIR* dir = ::fdopendir(fd);
    if (dir == nullptr) {
      const int err = errno;
      ::close(fd);
      return fail(errnoText("cannot list", shown, err));
    }
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      struct stat st {};
      if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISREG(st.st_mode)) {
        names.emplace_back(entry->d_name);
      }
      errno = 0;
    }
    const int err = errno;
    ::closedir(dir);
    if (err != 0) return fail(errnoText("cannot list", shown, err));
    std::sort(names.begin(), names.end());
    return names;
  }

  bool exists(const std::string& path) override {
    auto host = resolve(path);
    if (!host) return false;
    std::error_code ec;
    return std::filesystem::exists(*host, ec) && !ec;
  }

  Status makeDirs(const std::string& path) override {
    auto parts = split(path);
    if (!parts) return fail(parts.error());
    parts->push_back(".");  // openParent then opens (creating) every component of `path`
    auto dir = openParent(*parts, true);
    if (!dir) return fail(dir.error());
    return okStatus();
  }

  std::filesystem::path hostPath(const std::string& path) const override {
    auto host = resolve(path);
    return host ? *host : root_;
  }

 private:
  /// The components of an absolute path without ".." components ("." and empty ones dropped).
  static Result<std::vector<std::string>> split(const std::string& path) {
    if (path.empty() || path.front() != '/') return fail("not an absolute path: " + path);
    std::vector<std::string> parts;
    for (const auto& part : std::filesystem::path(path).relative_path()) {
      const auto& text = part.native();
      if (text == "..") return fail("path with a '..' component refused: " + path);
      if (text.empty() || text == ".") continue;
      parts.push_back(text);
    }
    return parts;
  }

  /// The directory holding the last of `parts`, walked from the root one component at a time
  /// without following symlinks (a symlinked directory is an error naming it). Missing
  /// directories are created (0755) when `create`; otherwise a missing one gives an Fd of -1.
  Result<Fd> openParent(const std::vector<std::string>& parts, bool create) const {
    Fd dir(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) return fail(errnoText("cannot open", root_, errno));
    std::filesystem::path shown = root_;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      shown /= parts[i];
      Fd next(openDirAt(dir.get(), parts[i]));
      if (next.get() < 0 && errno == ENOENT && create) {
        if (::mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
          return fail(errnoText("cannot create", shown, errno));
        }
        next = Fd(openDirAt(dir.get(), parts[i]));
      }
      if (next.get() < 0) {
        if (errno == ENOENT && !create) return Fd{};
        if (errno == ELOOP) return fail("refusing to follow symlink " + shown.string());
        if (errno == ENOTDIR) return fail(shown.string() + " is not a directory");
        return fail(errnoText("cannot open", shown, errno));
      }
      dir = std::move(next);
    }
    return dir;
  }

  /// root / path for an absolute path without ".." components ("." and empty ones are dropped).
  Result<std::filesystem::path> resolve(const std::string& path) const {
    if (path.empty() || path.front() != '/') return fail("not an absolute path: " + path);
    std::filesystem::path out = root_;
    for (const auto& part : std::filesystem::path(path).relative_path()) {
      const auto& text = part.native();
      if (text == "..") return fail("path with a '..' component refused: " + path);
      if (text.empty() || text == ".") continue;
      out /= part;
    }
    return out;
  }

  std::filesystem::path root_;
};

}  // namespace

std::unique_ptr<Filesystem> makeRootedFilesystem(const std::filesystem::path& root) {
  return std::make_unique<RootedFilesystem>(root);
}

}  // namespace cb::os
