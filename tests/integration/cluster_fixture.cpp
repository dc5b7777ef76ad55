#include "integration/cluster_fixture.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <thread>

#include "os/atomic_file.hpp"
#include "wire/key_id.hpp"

namespace cb::test {

LocalCluster::LocalCluster(int port) {
  startController(port);
}

LocalCluster::~LocalCluster() {
  agents_.clear();
  controller_.reset();
}

void LocalCluster::startController(int port) {
  auto info = stateDir() / "controller.json";
  std::error_code ec;
  std::filesystem::remove(info, ec);
  controller_ = std::make_unique<Daemon>(
      std::vector<std::string>{bin("clusterbench"), "--state-dir", stateDir().string(),
                               "controller", "--agent-endpoint",
                               "tcp://127.0.0.1:" + std::to_string(port), "--metrics-address",
                               "127.0.0.1:0", "--heartbeat-ms", "300", "--missed-heartbeats", "3"},
      tmp_.path() / ("controller-" + std::to_string(++controllerStarts_) + ".log"));
  REQUIRE_MESSAGE(waitFor([&] { return std::filesystem::exists(info); }, std::chrono::seconds(10)),
                  controller_->log());
  if (tokenFile_.empty()) {
    auto made = cli({"token", "create"}, std::chrono::seconds(10));
    REQUIRE_MESSAGE(made.exitCode == 0, made.err);
    std::string token = made.out.substr(0, made.out.find('\n'));
    REQUIRE(token.size() == 64);
    tokenFile_ = tmp_.path() / "join-token";
    REQUIRE(os::writeFileAtomic(tokenFile_, token + "\n", 0600));
    auto wrong = tmp_.path() / "wrong-join-token";
    REQUIRE(os::writeFileAtomic(wrong, std::string(64, 'f') + "\n", 0600));
  }
  auto j = nlohmann::json::parse(*os::readFile(info));
  endpoint_ = j["agent_endpoint"];
  port_ = std::stoi(endpoint_.substr(endpoint_.rfind(':') + 1));
}

void LocalCluster::stopController(int sig) {
  if (controller_) controller_->stop(sig);
}

Daemon& LocalCluster::startAgent(int i, const std::string& key, Enroll enroll,
                                 const AgentExtras& extras) {
  if (agents_.size() <= static_cast<std::size_t>(i)) agents_.resize(i + 1);
  std::string keyArg = key.empty() ? (stateDir() / "controller.pub").string() : key;
  std::filesystem::path token = enroll == Enroll::kToken        ? tokenFile_
                                : enroll == Enroll::kWrongToken ? tmp_.path() / "wrong-join-token"
                                                                : tmp_.path() / "no-such-token";
  std::vector<std::string> argv;
  if (!extras.env.empty()) {
    argv.push_back("/usr/bin/env");
    argv.insert(argv.end(), extras.env.begin(), extras.env.end());
  }
  argv.insert(argv.end(), {bin("clusterbench-agent"), "--controller",
                           "tcp://127.0.0.1:" + std::to_string(port_), "--controller-key", keyArg,
                           "--state-dir", agentStateDir(i).string(), "--join-token-file",
                           token.string(), "--backoff-max-ms", "1000", "--heartbeat-ms", "300"});
  argv.insert(argv.end(), extras.args.begin(), extras.args.end());
  agents_[i] = std::make_unique<Daemon>(argv, tmp_.path() / ("agent" + std::to_string(i) + ".log"));
  return *agents_[i];
}

std::string LocalCluster::agentKey(int i) {
  // The agent makes its key pair on start: read it only once it is there (a --print-key run
  // before that would make a pair of its own).
  auto pub = tmp_.path() / ("agent" + std::to_string(i)) / "agent.pub";
  REQUIRE(waitFor([&] { return std::filesystem::exists(pub); }, std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto r = run({bin("clusterbench-agent"), "--print-key", "--state-dir",
                (tmp_.path() / ("agent" + std::to_string(i))).string()},
               std::chrono::seconds(10));
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  // "<key id>  <Z85 key>"
  std::string line = r.out.substr(0, r.out.find('\n'));
  auto sep = line.find("  ");
  REQUIRE_MESSAGE(sep != std::string::npos, line);
  std::string key = line.substr(sep + 2);
  CHECK(line.substr(0, sep) == cb::wire::keyId(key).substr(0, cb::wire::kShortKeyId));
  return key;
}

void LocalCluster::killAgent(int i) {
  agents_.at(i)->stop(SIGKILL);
}

CommandResult LocalCluster::cli(std::vector<std::string> args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{bin("clusterbench"), "--state-dir", stateDir().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, timeout);
}

nlohmann::json LocalCluster::nodes() {
  auto r = cli({"nodes", "--json"}, std::chrono::seconds(10));
  if (r.exitCode != 0) return nlohmann::json::array();
  return nlohmann::json::parse(r.out, nullptr, false);
}

int LocalCluster::count(const std::string& state) {
  int n = 0;
  for (const auto& node : nodes()) n += node.value("state", "") == state ? 1 : 0;
  return n;
}

bool LocalCluster::waitForNodes(int n, const std::string& state,
                                std::chrono::milliseconds timeout) {
  return waitFor([&] { return count(state) == n; }, timeout);
}

std::string LocalCluster::agentLog(int i) const {
  return agents_.at(i)->log();
}

std::string LocalCluster::nodeId(int i) const {
  auto id = os::readFile(tmp_.path() / ("agent" + std::to_string(i)) / "node-id");
  if (!id) return "";
  std::string s = *id;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace cb::test
