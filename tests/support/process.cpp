#include "support/process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "os/process_runner.hpp"

namespace cb::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("cbtest-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Daemon::Daemon(std::vector<std::string> argv, std::filesystem::path log)
    : argv_(std::move(argv)), log_(std::move(log)) {
  pid_ = ::fork();
  if (pid_ == 0) {
    ::setpgid(0, 0);
    int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> args;
    for (auto& a : argv_) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

Daemon::~Daemon() {
  if (pid_ > 0 && running()) stop(SIGKILL, std::chrono::seconds(5));
}

bool Daemon::running() {
  if (pid_ <= 0) return false;
  int ws;
  pid_t r = ::waitpid(pid_, &ws, WNOHANG);
  if (r == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int Daemon::stop(int sig, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, sig);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int ws;
    if (::waitpid(pid_, &ws, WNOHANG) == pid_) {
      pid_ = -1;
      return ws;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  int ws;
  ::waitpid(pid_, &ws, 0);
  pid_ = -1;
  return -1;
}

std::string Daemon::log() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  auto exit = os::runSync(argv, timeout);
  return CommandResult{exit.started ? exit.exitCode : -1, exit.out, exit.err + exit.error};
}

bool waitFor(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ready();
}

std::string bin(const std::string& name) {
  return std::string(CB_BIN_DIR) + "/" + name;
}

}  // namespace cb::test
