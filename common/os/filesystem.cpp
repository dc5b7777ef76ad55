#include "os/filesystem.hpp"

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

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
Status writeInPlace(const std::filesystem::path& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
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

class RootedFilesystem final : public Filesystem {
 public:
  explicit RootedFilesystem(std::filesystem::path root) : root_(std::move(root)) {}

  Result<std::optional<std::string>> read(const std::string& path) override {
    auto host = resolve(path);
    if (!host) return fail(host.error());
    int fd = ::open(host->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
      return fail(errnoText("cannot read", *host, errno));
    }
    std::string out;
    char buf[8192];
    while (true) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        return fail(errnoText("cannot read", *host, err));
      }
      if (n == 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return std::optional<std::string>(std::move(out));
  }

  Status write(const std::string& path, std::string_view content, unsigned mode) override {
    auto host = resolve(path);
    if (!host) return fail(host.error());
    std::error_code ec;
    std::filesystem::create_directories(host->parent_path(), ec);
    if (ec) return fail("cannot create " + host->parent_path().string() + ": " + ec.message());
    if (isMountPoint(*host)) return writeInPlace(*host, content);
    return writeFileAtomic(*host, content, mode);
  }

  Status remove(const std::string& path) override {
    auto host = resolve(path);
    if (!host) return fail(host.error());
    if (::unlink(host->c_str()) != 0 && errno != ENOENT) {
      return fail(errnoText("cannot remove", *host, errno));
    }
    return okStatus();
  }

  Result<std::vector<std::string>> listRegularFiles(const std::string& path) override {
    auto host = resolve(path);
    if (!host) return fail(host.error());
    const auto& dir = *host;
    std::vector<std::string> names;
    std::error_code ec;
    const auto st = std::filesystem::symlink_status(dir, ec);
    if (ec || st.type() == std::filesystem::file_type::not_found) return names;
    if (st.type() != std::filesystem::file_type::directory) {
      return fail(dir.string() + " is not a directory");
    }
    std::filesystem::directory_iterator it(dir, ec), end;
    if (ec) return fail("cannot list " + dir.string() + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return fail("cannot list " + dir.string() + ": " + ec.message());
      if (it->symlink_status(ec).type() == std::filesystem::file_type::regular) {
        names.push_back(it->path().filename().string());
      }
    }
    if (ec) return fail("cannot list " + dir.string() + ": " + ec.message());
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
    auto host = resolve(path);
    if (!host) return fail(host.error());
    std::error_code ec;
    std::filesystem::create_directories(*host, ec);
    if (ec) return fail("cannot create " + host->string() + ": " + ec.message());
    if (!std::filesystem::is_directory(*host, ec)) {
      return fail("cannot create " + host->string() + ": not a directory");
    }
    return okStatus();
  }

  std::filesystem::path hostPath(const std::string& path) const override {
    auto host = resolve(path);
    return host ? *host : root_;
  }

 private:
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
