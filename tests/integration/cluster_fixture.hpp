#pragma once
// A real controller and real agents on loopback, each a child process of the test.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace cb::test {

class LocalCluster {
 public:
  /// Starts a controller on tcp://127.0.0.1:<port> (port 0 = any; read back from
  /// controller.json) with fast heartbeats, so liveness tests finish quickly.
  explicit LocalCluster(int port = 0);
  ~LocalCluster();

  void startController(int port);
  void stopController(int sig = SIGTERM);
  /// How a test agent enrolls: with the cluster's join token (made by `clusterbench token
  /// create` when the controller first starts), with none (its key waits as pending), or with a
  /// wrong one.
  enum class Enroll { kToken, kNoToken, kWrongToken };
  /// More for one agent: NAME=VALUE entries for its environment (set through env(1), which
  /// execs the agent in the same process) and options after the fixture's own.
  struct AgentExtras {
    std::vector<std::string> env;
    std::vector<std::string> args;
  };
  /// Starts agent number i (state dir agent<i>) pinned to `key` (default: the real key).
  Daemon& startAgent(int i, const std::string& key = "", Enroll enroll = Enroll::kToken,
                     const AgentExtras& extras = {});
  /// Agent i's state dir.
  std::filesystem::path agentStateDir(int i) const {
    return tmp_.path() / ("agent" + std::to_string(i));
  }
  /// The agent's public key (`clusterbench-agent --print-key` on its state dir).
  std::string agentKey(int i);
  /// The cluster's join token file (0600), for agents a test starts itself.
  const std::filesystem::path& tokenFile() const { return tokenFile_; }
  Daemon& agent(int i) { return *agents_.at(i); }
  void killAgent(int i);

  /// `clusterbench --state-dir S <args...>`
  CommandResult cli(std::vector<std::string> args,
                    std::chrono::milliseconds timeout = std::chrono::seconds(120));
  nlohmann::json nodes();
  /// Number of nodes in `state`.
  int count(const std::string& state);
  bool waitForNodes(int n, const std::string& state,
                    std::chrono::milliseconds timeout = std::chrono::seconds(15));
  std::string agentLog(int i) const;
  std::string controllerLog() const { return controller_ ? controller_->log() : ""; }
  bool controllerRunning() { return controller_ && controller_->running(); }
  int controllerPid() const { return controller_ ? controller_->pid() : 0; }
  std::string nodeId(int i) const;
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return tmp_.path(); }
  std::filesystem::path stateDir() const { return tmp_.path() / "controller"; }

 private:
  TempDir tmp_;
  std::unique_ptr<Daemon> controller_;
  std::vector<std::unique_ptr<Daemon>> agents_;
  std::string endpoint_;
  int port_ = 0;
  int controllerStarts_ = 0;
  std::filesystem::path tokenFile_;
};

}  // namespace cb::test
