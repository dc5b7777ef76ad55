#include "controller_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "registry/join_tokens.hpp"
#include "util/clock.hpp"
#include "wire/curve_keys.hpp"

namespace cb::swarm {
namespace {

Result<std::filesystem::path> makeTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/clusterbench-swarm-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    return fail("cannot create a temp dir from " + pattern + ": " + std::strerror(errno));
  }
  return std::filesystem::path(buf.data());
}

/// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void execDaemon(const std::vector<std::string>& args, const std::string& logFile,
                             std::optional<std::uint64_t> nofile) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (nofile) {
    // Soft and hard, like systemd's LimitNOFILE=: the daemon cannot raise it past this.
    rlimit lim{};
    lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(*nofile);
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
  int fd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
  }
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

}  // namespace

Result<std::unique_ptr<ControllerProcess>> ControllerProcess::start(
    const ControllerOptions& options) {
  if (::access(options.binary.c_str(), X_OK) != 0) {
    return fail("controller binary " + options.binary.string() +
                " is not executable (build the `clusterbench` target or pass --controller-bin)");
  }
  auto dir = makeTempDir();
  if (!dir) return Error{dir.error()};
  std::unique_ptr<ControllerProcess> self(new ControllerProcess());
  self->dir_ = *dir;
  self->keepDir_ = options.keepStateDir;
  auto state = self->dir_ / "state";
  std::error_code ec;
  std::filesystem::create_directories(state, ec);
  auto token = controller::createJoinToken(state, std::chrono::seconds(0), nowMs());
  if (!token) return Error{token.error()};
  self->joinToken_ = token->token;
  self->options_ = options;
  if (auto launched = self->launch("tcp://127.0.0.1:0"); !launched) return Error{launched.error()};
  return self;
}

Status ControllerProcess::launch(const std::string& agentEndpoint) {
  auto state = dir_ / "state";
  auto info = state / "controller.json";
  std::error_code ec;
  std::filesystem::remove(info, ec);  // a killed daemon leaves its own behind
  std::vector<std::string> args{
      options_.binary.string(), "--state-dir",
      state.string(),           "--log-level",
      options_.logLevel,        "controller",
      "--agent-endpoint",       agentEndpoint,
      "--metrics-address",      "127.0.0.1:0",
      "--heartbeat-ms",         std::to_string(options_.heartbeat.count())};
  // Appended, so the log of a restarted daemon keeps the first one's.
  std::string logFile = (dir_ / "controller.log").string();
  pid_t pid = ::fork();
  if (pid < 0) return fail(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) execDaemon(args, logFile, options_.nofile);
  pid_ = pid;
  exited_ = false;
  exitStatus_ = 0;

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!std::filesystem::exists(info)) {
    if (!alive()) return fail("the controller exited during start-up:\n" + logTail(20));
    if (std::chrono::steady_clock::now() > deadline) {
      return fail("the controller did not write " + info.string() + " within 15 s:\n" +
                  logTail(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // controller.json is written atomically (rename), so it is complete once it exists.
  std::ifstream in(info);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("agent_endpoint") || !j.contains("control_endpoint")) {
    return fail("unreadable " + info.string());
  }
  agentEndpoint_ = j["agent_endpoint"].get<std::string>();
  controlEndpoint_ = j["control_endpoint"].get<std::string>();
  auto key = wire::readPublicKey(state / "controller.pub");
  if (!key) return Error{key.error()};
  if (j.value("public_key", "") != *key) {
    return fail("controller.json and controller.pub disagree on the public key");
  }
  publicKey_ = *key;
  return okStatus();
}

Status ControllerProcess::killAndRestart() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  std::string endpoint = agentEndpoint_;
  auto launched = launch(endpoint);
  if (!launched) return launched;
  if (agentEndpoint_ != endpoint) {
    return fail("the restarted controller listens on " + agentEndpoint_ + ", not " + endpoint);
  }
  return okStatus();
}

ControllerProcess::~ControllerProcess() {
  stop();
  if (!keepDir_ && !dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool ControllerProcess::reap(bool block) {
  if (exited_ || pid_ <= 0) return true;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    exited_ = true;
    exitStatus_ = status;
  }
  return exited_;
}

bool ControllerProcess::alive() {
  return !reap(false);
}

std::string ControllerProcess::stop() {
  if (pid_ <= 0) return "not started";
  if (!exited_) {
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!reap(false) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      reap(true);
      return "killed with SIGKILL after 10 s";
    }
  }
  if (WIFEXITED(exitStatus_))
    return "exited with status " + std::to_string(WEXITSTATUS(exitStatus_));
  if (WIFSIGNALED(exitStatus_)) return "killed by signal " + std::to_string(WTERMSIG(exitStatus_));
  return "ended";
}

std::string ControllerProcess::logTail(std::size_t lines) const {
  std::ifstream in(dir_ / "controller.log");
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& l : tail) out += "  | " + l + "\n";
  return out;
}

}  // namespace cb::swarm
