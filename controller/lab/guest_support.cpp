#include "lab/guest_support.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "lab/detached_process.hpp"
#include "os/atomic_file.hpp"

namespace cb::lab {
namespace {

namespace fs = std::filesystem;

/// Owns one file descriptor (-1: none).
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }
  /// Closes now; false when close() failed (a write error may only show there).
  bool closeNow() { return ::close(std::exchange(fd_, -1)) == 0; }

 private:
  int fd_ = -1;
};

std::string errnoText(const std::string& what, const fs::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

/// Sets `dir` to the directory `rel` below the open directory `dir` (named `at` in errors),
/// opened one component at a time, creating missing ones (0755) and following no symlink: a
/// guest cannot redirect a write out of its tree.
Status descend(Fd& dir, fs::path at, const fs::path& rel) {
  for (const auto& part : rel) {
    const std::string name = part.string();
    if (name.empty() || name == ".") continue;
    at /= part;
    if (name == "..") return fail("refusing '..' in guest path " + at.string());
    if (::mkdirat(dir.get(), name.c_str(), 0755) != 0 && errno != EEXIST) {
      return fail(errnoText("cannot create", at));
    }
    int next = ::openat(dir.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) {
      if (errno == ELOOP || errno == ENOTDIR) {
        return fail(at.string() + " is a symlink or not a directory; refusing to write through it");
      }
      return fail(errnoText("cannot open", at));
    }
    dir.reset(next);
  }
  return okStatus();
}

/// Replaces `root`/`rel` by `content` with `mode`: a temp file beside it (created exclusively,
/// never through a symlink), fsync, rename over the target (a symlink there is replaced, not
/// followed), fsync of the directory.
Status writeGuestFile(const fs::path& root, const fs::path& rel, std::string_view content,
                      mode_t mode) {
  const fs::path target = root / rel;
  Fd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return fail(errnoText("cannot open", root));
  if (auto s = descend(dir, root, rel.parent_path()); !s) return s;
  const std::string name = rel.filename().string();
  const std::string tmp = name + ".tmp." + std::to_string(::getpid());
  const fs::path tmpPath = target.parent_path() / tmp;
  if (::unlinkat(dir.get(), tmp.c_str(), 0) != 0 && errno != ENOENT) {
    return fail(errnoText("cannot remove", tmpPath));
  }
  Fd file(
      ::openat(dir.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (file.get() < 0) return fail(errnoText("cannot create", tmpPath));
  auto abandon = [&](const std::string& message) {
    file.reset();
    ::unlinkat(dir.get(), tmp.c_str(), 0);
    return fail(message);
  };
  if (::fchmod(file.get(), mode) != 0) return abandon(errnoText("cannot chmod", tmpPath));
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(file.get(), data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon(errnoText("cannot write", tmpPath));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(file.get()) != 0 || !file.closeNow()) {
    return abandon(errnoText("cannot flush", tmpPath));
  }
  if (::renameat(dir.get(), tmp.c_str(), dir.get(), name.c_str()) != 0) {
    return abandon(errnoText("cannot rename onto", target));
  }
  ::fsync(dir.get());
  return okStatus();
}

}  // namespace

std::string agentConfFile(const std::string& dialEndpoint) {
  return "# written by clusterbench lab up\n"
         "controller = \"" +
         dialEndpoint +
         "\"\n"
         "controller-key = \"/etc/clusterbench/controller.pub\"\n"
         "join-token-file = \"" +
         std::string(kGuestJoinTokenFile) +
         "\"\n"
         "state-dir = \"/var/lib/clusterbench/agent\"\n"
         "heartbeat-ms = 1000\n";
}

Result<std::string> readLabJoinToken(const LabPlan& plan) {
  const std::string name = plan.joinTokenFile.string();
  auto text = os::readFile(plan.joinTokenFile);
  if (!text) return fail("the lab's join token: " + text.error());
  const char* kSpace = " \t\r\n";
  auto first = text->find_first_not_of(kSpace);
  if (first == std::string::npos) return fail("the lab's join token file " + name + " is empty");
  auto last = text->find_last_not_of(kSpace);
  std::string token = text->substr(first, last - first + 1);
  if (token.find_first_of(kSpace) != std::string::npos) {
    return fail("the lab's join token file " + name + " holds more than one word");
  }
  return token;
}

Status writeGuestConfig(const std::filesystem::path& root, const NodePlan& node,
                        const std::string& dialEndpoint, const std::string& controllerKey,
                        const std::string& joinToken) {
  std::error_code ec;
  std::filesystem::create_directories(root, ec);  // the host's side: the guest has no say here
  if (ec) return fail("cannot create " + root.string() + ": " + ec.message());
  struct File {
    const char* path;
    std::string text;
    mode_t mode;
  };
  const File files[] = {
      {"etc/hostname", node.hostname + "\n", 0644},
      {"etc/hosts", "127.0.0.1\tlocalhost\n" + node.address + "\t" + node.hostname + "\n", 0644},
      {"etc/clusterbench/agent.conf", agentConfFile(dialEndpoint), 0644},
      {"etc/clusterbench/controller.pub", controllerKey + "\n", 0644},
      {kGuestJoinTokenFile + 1, joinToken + "\n", 0600},  // relative to root: no leading '/'
  };
  for (const auto& f : files) {
    if (auto s = writeGuestFile(root, f.path, f.text, f.mode); !s) return s;
  }
  return okStatus();
}

Result<std::string> commandOutput(const CommandRunner& run, const Argv& argv) {
  os::ProcessExit e = run(argv);
  if (!e.started) return fail("`" + describeArgv(argv) + "` did not start: " + e.error);
  if (e.exitCode != 0 || e.timedOut) {
    std::string err = e.err;
    while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
    return fail("`" + describeArgv(argv) + "` failed (" +
                (e.timedOut ? std::string("timed out") : "exit " + std::to_string(e.exitCode)) +
                ")" + (err.empty() ? "" : ": " + err));
  }
  return e.out;
}

std::string consoleTail(const std::filesystem::path& log) {
  return "last lines of " + log.string() + ":\n" + logTail(log);
}

}  // namespace cb::lab
