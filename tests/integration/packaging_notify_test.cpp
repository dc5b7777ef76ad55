// Type=notify for both daemons: started with NOTIFY_SOCKET like systemd does, the controller says
// READY=1 once its sockets are bound, the agent once the controller has welcomed it, and both
// say STOPPING=1 on SIGTERM. The socket is a real AF_UNIX datagram socket owned by the test.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::test::bin;

namespace {

/// systemd's side of the protocol: a bound datagram socket collecting every message.
class NotifySocket {
 public:
  explicit NotifySocket(const fs::path& path) : path_(path.string()) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof addr.sun_path);
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{0, 100000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { ::close(fd_); }
  const std::string& path() const { return path_; }

  /// Waits up to `timeout` for a message containing `needle`; every message read is kept.
  bool waitFor(const std::string& needle, std::chrono::milliseconds timeout) {
    return cb::test::waitFor(
        [&] {
          char buf[4096];
          ssize_t n;
          while ((n = ::recv(fd_, buf, sizeof buf, 0)) > 0) {
            messages_.emplace_back(buf, static_cast<std::size_t>(n));
          }
          for (const auto& m : messages_) {
            if (m.find(needle) != std::string::npos) return true;
          }
          return false;
        },
        timeout);
  }
  std::string all() const {
    std::string s;
    for (const auto& m : messages_) s += "[" + m + "] ";
    return s;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

}  // namespace

TEST_CASE("controller and agent notify systemd: ready when usable, status, stopping") {
  cb::test::TempDir tmp;
  NotifySocket controllerSocket(tmp.path() / "controller.notify");
  NotifySocket agentSocket(tmp.path() / "agent.notify");
  auto state = tmp.path() / "controller";

  cb::test::Daemon controller(
      {"/usr/bin/env", "NOTIFY_SOCKET=" + controllerSocket.path(), bin("clusterbench"),
       "--state-dir", state.string(), "controller", "--agent-endpoint", "tcp://127.0.0.1:0",
       "--metrics-address", "127.0.0.1:0", "--heartbeat-ms", "300"},
      tmp.path() / "controller.log");
  REQUIRE_MESSAGE(controllerSocket.waitFor("READY=1", std::chrono::seconds(10)), controller.log());
  // Ready means bound: the endpoint file is already there, and the status names the ports.
  auto info = nlohmann::json::parse(*cb::os::readFile(state / "controller.json"));
  std::string endpoint = info["agent_endpoint"];
  CHECK_MESSAGE(controllerSocket.waitFor(
                    "READY=1\nSTATUS=agents: " + endpoint + ", metrics: http://127.0.0.1:",
                    std::chrono::seconds(1)),
                controllerSocket.all());

  auto token = cb::test::run({bin("clusterbench"), "--state-dir", state.string(), "token", "create"},
                             std::chrono::seconds(10));
  REQUIRE_MESSAGE(token.exitCode == 0, token.err);
  REQUIRE(cb::os::writeFileAtomic(tmp.path() / "join-token", token.out, 0600));
  cb::test::Daemon agent(
      {"/usr/bin/env", "NOTIFY_SOCKET=" + agentSocket.path(), bin("clusterbench-agent"),
       "--controller", endpoint, "--controller-key", (state / "controller.pub").string(),
       "--state-dir", (tmp.path() / "agent").string(), "--join-token-file",
       (tmp.path() / "join-token").string(), "--heartbeat-ms", "300"},
      tmp.path() / "agent.log");
  REQUIRE_MESSAGE(agentSocket.waitFor("READY=1", std::chrono::seconds(15)), agent.log());
  CHECK_MESSAGE(
      agentSocket.waitFor("STATUS=connecting to controller " + endpoint, std::chrono::seconds(1)),
      agentSocket.all());
  CHECK_MESSAGE(agentSocket.waitFor("STATUS=registered with controller " + endpoint + " as node",
                                    std::chrono::seconds(1)),
                agentSocket.all());

  CHECK(agent.stop() == 0);
  CHECK_MESSAGE(agentSocket.waitFor("STOPPING=1", std::chrono::seconds(2)), agentSocket.all());
  CHECK(controller.stop() == 0);
  CHECK_MESSAGE(controllerSocket.waitFor("STOPPING=1", std::chrono::seconds(2)),
                controllerSocket.all());
}

TEST_CASE("an agent that cannot reach its controller never says READY=1") {
  cb::test::TempDir tmp;
  NotifySocket socket(tmp.path() / "agent.notify");
  cb::test::Daemon agent(
      {"/usr/bin/env", "NOTIFY_SOCKET=" + socket.path(), bin("clusterbench-agent"), "--controller",
       "tcp://127.0.0.1:9", "--controller-key", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7",
       "--state-dir", (tmp.path() / "agent").string(), "--heartbeat-ms", "100", "--backoff-max-ms",
       "200"},
      tmp.path() / "agent.log");
  REQUIRE_MESSAGE(socket.waitFor("reconnecting in", std::chrono::seconds(10)), agent.log());
  CHECK_FALSE(socket.waitFor("READY=1", std::chrono::milliseconds(500)));
}
