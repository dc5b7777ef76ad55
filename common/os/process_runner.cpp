#include "os/process_runner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include "util/asio.hpp"

namespace cb::os {
namespace asio = boost::asio;
namespace {

using Clock = std::chrono::steady_clock;

extern "C" char** environ;

struct Pipe {
  int r = -1, w = -1;
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    r = fds[0];
    w = fds[1];
    return true;
  }
};

/// The home directory of `uid` from the password database; "/" when it has none.
std::string homeOf(uid_t uid) {
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(static_cast<std::size_t>(size > 0 ? size : 16384));
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr ||
      found->pw_dir == nullptr || found->pw_dir[0] == '\0') {
    return "/";
  }
  return found->pw_dir;
}

/// Sets NAME=VALUE in `env`, replacing an entry of the same name.
void setEntry(std::vector<std::string>& env, const std::string& entry) {
  const auto eq = entry.find('=');
  const std::string prefix = entry.substr(0, eq == std::string::npos ? entry.size() : eq + 1);
  for (auto& e : env) {
    if (e.compare(0, prefix.size(), prefix) == 0) {
      e = entry;
      return;
    }
  }
  env.push_back(entry);
}

/// Forks and execs; returns pid or -1 with error text. Child gets its own process group.
pid_t spawn(const ProcessSpec& spec, Pipe& out, Pipe& err, std::string& error) {
  Pipe status;  // carries errno from a failed exec; closes on success (CLOEXEC)
  if (!status.open()) {
    error = std::strerror(errno);
    return -1;
  }
  std::vector<std::string> envStore = childEnvironment(spec);
  std::vector<char*> envp;
  for (auto& s : envStore) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<gid_t> groups;
  for (int g : spec.groups) groups.push_back(static_cast<gid_t>(g));
  if (groups.empty()) groups.push_back(static_cast<gid_t>(spec.gid >= 0 ? spec.gid : spec.uid));

  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    error = std::strerror(errno);
    return -1;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    // dup2 clears close-on-exec on 0, 1 and 2 only; the originals close at exec.
    int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ::dup2(devnull, 0);
    ::dup2(out.w, 1);
    ::dup2(err.w, 2);
    // Whatever else this process holds (a descriptor some library opened without close-on-exec,
    // one inherited from our own parent) closes at exec too.
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) {
      int e = errno;
      (void)!::write(status.w, &e, sizeof e);
      ::_exit(127);
    }
    if (spec.uid >= 0) {
      gid_t gid = static_cast<gid_t>(spec.gid >= 0 ? spec.gid : spec.uid);
      if (::setgroups(groups.size(), groups.data()) != 0 || ::setgid(gid) != 0 ||
          ::setuid(static_cast<uid_t>(spec.uid)) != 0) {
        int e = errno;
        (void)!::write(status.w, &e, sizeof e);
        ::_exit(127);
      }
    }
    // A child outlives nothing: if the agent dies, its benchmarks die with it (set after the
    // uid change, which clears the setting).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::execvpe(argv[0], argv.data(), envp.data());
    int e = errno;
    (void)!::write(status.w, &e, sizeof e);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so kill(-pid) works immediately
  ::close(status.w);
  int childErrno = 0;
  ssize_t n;
  do {
    n = ::read(status.r, &childErrno, sizeof childErrno);
  } while (n < 0 && errno == EINTR);
  ::close(status.r);
  if (n == sizeof childErrno) {
    int ws;
    ::waitpid(pid, &ws, 0);
    error = "cannot execute " + spec.argv[0] + ": " + std::strerror(childErrno);
    return -1;
  }
  return pid;
}

class AsioProcess : public ProcessHandle, public std::enable_shared_from_this<AsioProcess> {
 public:
  AsioProcess(asio::io_context& io, ProcessSpec spec, LineCallback onLine, ExitCallback onExit)
      : io_(io),
        spec_(std::move(spec)),
        onLine_(std::move(onLine)),
        onExit_(std::move(onExit)),
        outFd_(io),
        errFd_(io),
        timeout_(io),
        reap_(io) {}

  void begin() {
    start_ = Clock::now();
    Pipe out, err;
    std::string error;
    if (!out.open() || !err.open()) {
      finishEarly("cannot create pipes: " + std::string(std::strerror(errno)));
      return;
    }
    pid_ = spawn(spec_, out, err, error);
    ::close(out.w);
    ::close(err.w);
    if (pid_ < 0) {
      ::close(out.r);
      ::close(err.r);
      finishEarly(error);
      return;
    }
    result_.started = true;
    outFd_.assign(out.r);
    errFd_.assign(err.r);
    readLoop(outFd_, outBuf_, Stream::kStdout);
    readLoop(errFd_, errBuf_, Stream::kStderr);
    if (spec_.timeout.count() > 0) {
      timeout_.expires_after(spec_.timeout);
      timeout_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec || self->done_) return;
        self->result_.timedOut = true;
        self->killGroup();
      });
    }
  }

  int pid() const override { return pid_; }

  void cancel() override {
    if (done_ || pid_ <= 0) return;
    result_.cancelled = true;
    killGroup();
  }

 private:
  void finishEarly(std::string error) {
    result_.started = false;
    result_.error = std::move(error);
    result_.exitCode = 127;
    auto self = shared_from_this();
    asio::post(io_, [self] {
      self->done_ = true;
      self->onExit_(self->result_);
    });
  }

  void killGroup() {
    ::kill(-pid_, SIGTERM);
    auto self = shared_from_this();
    auto grace = std::make_shared<asio::steady_timer>(io_, std::chrono::seconds(2));
    grace->async_wait([self, grace](const boost::system::error_code&) {
      if (!self->reaped_) ::kill(-self->pid_, SIGKILL);
    });
  }

  void readLoop(asio::posix::stream_descriptor& fd, std::string& pending, Stream stream) {
    auto self = shared_from_this();
    fd.async_read_some(
        asio::buffer(chunk(stream)),
        [self, &fd, &pending, stream](const boost::system::error_code& ec, std::size_t n) {
          if (n > 0)
            self->consume(pending, stream, std::string_view(self->chunk(stream).data(), n));
          if (ec) {
            if (!pending.empty()) {
              if (self->onLine_) self->onLine_(stream, pending);
              pending.clear();
            }
            ++self->eofs_;
            if (self->eofs_ == 2) self->pollExit();
            return;
          }
          self->readLoop(fd, pending, stream);
        });
  }

  std::array<char, 8192>& chunk(Stream s) { return s == Stream::kStdout ? outChunk_ : errChunk_; }

  void consume(std::string& pending, Stream stream, std::string_view data) {
    std::string& keep = stream == Stream::kStdout ? result_.out : result_.err;
    std::size_t room = spec_.outputCap > keep.size() ? spec_.outputCap - keep.size() : 0;
    if (data.size() > room) result_.truncated = true;
    keep.append(data.substr(0, room));
    pending.append(data);
    std::size_t pos;
    while ((pos = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, pos);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pending.erase(0, pos + 1);
      if (onLine_) onLine_(stream, line);
    }
    if (pending.size() > 64 * 1024) {  // a "line" this long is flushed as is
      if (onLine_) onLine_(stream, pending);
      pending.clear();
    }
  }

  /// Both pipes closed: wait for the child itself (polling, the loop must never block).
  void pollExit() {
    int ws = 0;
    rusage ru{};
    pid_t r = ::wait4(pid_, &ws, WNOHANG, &ru);
    if (r == 0) {
      auto self = shared_from_this();
      reap_.expires_after(std::chrono::milliseconds(5));
      reap_.async_wait([self](const boost::system::error_code&) { self->pollExit(); });
      return;
    }
    reaped_ = true;
    done_ = true;
    timeout_.cancel();
    result_.wallSeconds = std::chrono::duration<double>(Clock::now() - start_).count();
    if (r == pid_) {
      result_.exitCode = WIFEXITED(ws) ? WEXITSTATUS(ws) : -WTERMSIG(ws);
      result_.userSeconds = static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6;
      result_.systemSeconds = static_cast<double>(ru.ru_stime.tv_sec) + ru.ru_stime.tv_usec / 1e6;
      result_.maxRssKb = static_cast<std::uint64_t>(ru.ru_maxrss);
    } else {
      result_.exitCode = -1;
      result_.error = std::string("wait4 failed: ") + std::strerror(errno);
    }
    ::kill(-pid_, SIGKILL);  // leftovers of the group, if any
    if (result_.timedOut) result_.error = "timed out, process group killed";
    if (result_.cancelled) result_.error = "cancelled, process group killed";
    onExit_(result_);
  }

  asio::io_context& io_;
  ProcessSpec spec_;
  LineCallback onLine_;
  ExitCallback onExit_;
  asio::posix::stream_descriptor outFd_, errFd_;
  asio::steady_timer timeout_, reap_;
  std::array<char, 8192> outChunk_{}, errChunk_{};
  std::string outBuf_, errBuf_;
  ProcessExit result_;
  Clock::time_point start_;
  pid_t pid_ = -1;
  int eofs_ = 0;
  bool done_ = false;
  bool reaped_ = false;
};

class AsioProcessRunner : public ProcessRunner {
 public:
  explicit AsioProcessRunner(asio::io_context& io) : io_(io) {}
  std::shared_ptr<ProcessHandle> start(const ProcessSpec& spec, LineCallback onLine,
                                       ExitCallback onExit) override {
    auto p = std::make_shared<AsioProcess>(io_, spec, std::move(onLine), std::move(onExit));
    p->begin();
    return p;
  }

 private:
  asio::io_context& io_;
};

}  // namespace

std::vector<std::string> childEnvironment(const ProcessSpec& spec) {
  std::vector<std::string> env;
  if (spec.environment == ChildEnvironment::kInherit) {
    for (char** e = environ; *e; ++e) env.emplace_back(*e);
  } else {
    const uid_t uid = spec.uid >= 0 ? static_cast<uid_t>(spec.uid) : ::geteuid();
    env = {std::string("PATH=") + kMinimalPath, std::string("LANG=") + kMinimalLang,
           "HOME=" + homeOf(uid)};
  }
  for (const auto& entry : spec.env) setEntry(env, entry);
  return env;
}

std::unique_ptr<ProcessRunner> makeProcessRunner(asio::io_context& io) {
  return std::make_unique<AsioProcessRunner>(io);
}

ProcessExit runSync(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                    ChildEnvironment environment) {
  asio::io_context io;
  auto runner = makeProcessRunner(io);
  ProcessExit result;
  ProcessSpec spec;
  spec.argv = argv;
  spec.timeout = timeout;
  spec.environment = environment;
  runner->start(spec, nullptr, [&](const ProcessExit& e) { result = e; });
  io.run();
  return result;
}

}  // namespace cb::os
