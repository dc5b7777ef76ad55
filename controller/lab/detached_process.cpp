#include "lab/detached_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>

namespace cb::lab {
namespace {

using Clock = std::chrono::steady_clock;

/// Marks every descriptor from 3 up close-on-exec (async-signal-safe: used after fork).
void closeOthersOnExec() {
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  long max = ::sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 65536) max = 65536;
  for (int fd = 3; fd < max; ++fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
}

std::string readProcFile(int pid, const char* name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

Result<int> spawnDetached(const std::vector<std::string>& argv,
                          const std::filesystem::path& logFile) {
  if (argv.empty()) return fail("spawnDetached: empty argv");
  int logFd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (logFd < 0) {
    return fail("cannot open log " + logFile.string() + ": " + std::strerror(errno));
  }
  int status[2];
  if (::pipe2(status, O_CLOEXEC) != 0) {
    ::close(logFd);
    return fail(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    ::close(logFd);
    ::close(status[0]);
    ::close(status[1]);
    return fail("cannot fork for " + argv[0] + ": " + std::strerror(e));
  }
  if (pid == 0) {
    ::setsid();
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(logFd, 1);
    ::dup2(logFd, 2);
    closeOthersOnExec();
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD}) ::signal(sig, SIG_DFL);
    ::execvp(args[0], args.data());
    int e = errno;
    (void)!::write(status[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(logFd);
  ::close(status[1]);
  int childErrno = 0;
  ssize_t n;
  do {
    n = ::read(status[0], &childErrno, sizeof childErrno);
  } while (n < 0 && errno == EINTR);
  ::close(status[0]);
  if (n == sizeof childErrno) {
    ::waitpid(pid, nullptr, 0);
    return fail("cannot execute " + argv[0] + ": " + std::strerror(childErrno));
  }
  return static_cast<int>(pid);
}

bool isRunning(int pid) {
  if (pid <= 0) return false;
  int ws = 0;
  pid_t r = ::waitpid(pid, &ws, WNOHANG);
  if (r == pid) return false;  // our child, now reaped
  if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
  // "pid (comm) S ...": the state follows the last ')'.
  std::string stat = readProcFile(pid, "stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  char state = stat[close + 2];
  return state != 'Z' && state != 'X';
}

bool commandLineContains(int pid, const std::string& needle) {
  std::string cmdline = readProcFile(pid, "cmdline");
  for (char& c : cmdline) {
    if (c == '\0') c = ' ';
  }
  return cmdline.find(needle) != std::string::npos;
}

bool waitForExit(int pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (isRunning(pid)) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

Status stopProcess(int pid, const std::string& needle, std::chrono::milliseconds grace) {
  if (!isRunning(pid)) return okStatus();
  if (!needle.empty() && !commandLineContains(pid, needle)) return okStatus();  // pid reused
  bool leader = ::getpgid(pid) == pid;
  auto signal = [&](int sig) { ::kill(leader ? -pid : pid, sig); };
  signal(SIGTERM);
  if (waitForExit(pid, grace)) return okStatus();
  signal(SIGKILL);
  if (waitForExit(pid, std::chrono::seconds(5))) return okStatus();
  return fail("process " + std::to_string(pid) + " (" + needle + ") survived SIGKILL");
}

std::string logTail(const std::filesystem::path& file, std::size_t maxLines) {
  std::ifstream in(file);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(std::move(line));
    if (last.size() > maxLines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += "  | " + l + "\n";
  return out;
}

}  // namespace cb::lab
