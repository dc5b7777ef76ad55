// clusterbench-agent: registers this node with the controller and runs benchmarks on request.
// main() is the only place that creates the real world (sockets, processes, files, clock).
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include "util/asio.hpp"

#include "bench/catalog.hpp"
#include "facts/facts.hpp"
#include "os/process_runner.hpp"
#include "session/identity.hpp"
#include "session/session.hpp"
#include "wire/curve_keys.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

/// --controller-key takes either the key itself or a file holding it.
cb::Result<std::string> resolveKey(const std::string& arg) {
  if (cb::wire::isValidKey(arg)) return arg;
  if (std::filesystem::exists(arg)) return cb::wire::readPublicKey(arg);
  return cb::fail("--controller-key: '" + arg +
                  "' is neither a 40-character Z85 key nor an existing file");
}

/// Benchmarks run as `user` (when the agent is root): uid/gid, or an error naming the user.
cb::Result<std::pair<int, int>> lookupUser(const std::string& user) {
  if (user == "root" || ::geteuid() != 0) return std::pair<int, int>{-1, -1};
  passwd* pw = ::getpwnam(user.c_str());
  if (!pw) return cb::fail("--run-as: no user '" + user + "' on this node");
  return std::pair<int, int>{static_cast<int>(pw->pw_uid), static_cast<int>(pw->pw_gid)};
}

std::string defaultStateDir() {
  if (const char* env = std::getenv("CLUSTERBENCH_AGENT_STATE_DIR")) return env;
  if (::geteuid() == 0) return "/var/lib/clusterbench/agent";
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.local/state/clusterbench-agent";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "clusterbench-agent: node agent. Registers with the controller over ZeroMQ/CURVE, "
      "reports node facts, sends heartbeats and runs catalogued benchmarks."};
  std::string endpoint, keyArg, stateDir = defaultStateDir(), joinToken, hostname, level = "info";
  std::string factsRoot = "/";
  std::string runAs = "nobody", scratchDir;
  int heartbeatMs = 2000, backoffMaxMs = 10000;
  app.add_option("--controller", endpoint, "controller agent endpoint, e.g. tcp://10.0.0.1:7700")
      ->required();
  app.add_option("--controller-key", keyArg,
                 "controller public key (Z85) or a file holding it (controller.pub)")
      ->required();
  app.add_option("--state-dir", stateDir, "node id, key pair and unsent results")
      ->capture_default_str();
  app.add_option("--join-token", joinToken, "join token expected by the controller");
  app.add_option("--hostname", hostname,
                 "set the UTS hostname at start (only in a private UTS namespace, e.g. the lab)");
  app.add_option("--heartbeat-ms", heartbeatMs, "heartbeat interval until the controller sets one")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--backoff-max-ms", backoffMaxMs, "upper bound of the reconnect backoff")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  app.add_option("--facts-root", factsRoot, "root directory facts are read from")
      ->capture_default_str();
  app.add_option("--run-as", runAs,
                 "unprivileged user for benchmarks that do not need root ('root' = no drop)")
      ->capture_default_str();
  app.add_option("--scratch-dir", scratchDir,
                 "where per-task scratch dirs are made (default /var/tmp/clusterbench/<node>)");
  app.add_option("--log-level", level, "trace|debug|info|warn|error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.set_version_flag("--version", kVersion);
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");

  if (!hostname.empty() && ::sethostname(hostname.c_str(), hostname.size()) != 0) {
    spdlog::error("cannot set hostname to {}: {}", hostname, std::strerror(errno));
    return 1;
  }
  auto key = resolveKey(keyArg);
  if (!key) {
    spdlog::error("{}", key.error());
    return 2;
  }
  auto identity = cb::agent::loadOrCreateIdentity(stateDir);
  if (!identity) {
    spdlog::error("{}", identity.error());
    return 1;
  }

  auto user = lookupUser(runAs);
  if (!user) {
    spdlog::error("{}", user.error());
    return 2;
  }
  if (scratchDir.empty()) {
    scratchDir = ::geteuid() == 0 ? "/var/tmp/clusterbench/" + identity->nodeId.substr(0, 12)
                                  : stateDir + "/scratch";
  }
  std::error_code ec;
  std::filesystem::create_directories(scratchDir, ec);
  if (ec) {
    spdlog::error("cannot create scratch dir {}: {}", scratchDir, ec.message());
    return 1;
  }
  // Traversable by the unprivileged user, not listable.
  ::chmod(scratchDir.c_str(), 0711);
  ::chmod(std::filesystem::path(scratchDir).parent_path().c_str(), 0711);

  boost::asio::io_context io;
  zmq::context_t zmq(1);
  auto runner = cb::os::makeProcessRunner(io);
  auto catalog = cb::bench::makeDefaultCatalog();

  cb::agent::SessionConfig config;
  config.endpoint = endpoint;
  config.controllerKey = *key;
  config.identity = *identity;
  config.joinToken = joinToken;
  config.heartbeat = std::chrono::milliseconds(heartbeatMs);
  config.backoffMax = std::chrono::milliseconds(backoffMaxMs);
  config.outboxDir = std::filesystem::path(stateDir) / "outbox";
  config.agentVersion = kVersion;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  config.spawnSocketPath = stateDir + "/spawn.sock";
  config.exec = cb::agent::ExecutionEnv{scratchDir, user->first, user->second,
                                        (self.parent_path() / "clusterbench-mpi-rsh").string(),
                                        "ipc://" + config.spawnSocketPath};

  cb::agent::Session session(
      io, zmq, config, [factsRoot] { return cb::agent::collectFacts(factsRoot); }, catalog,
      *runner);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    spdlog::info("signal {}: stopping", sig);
    session.stop();
    io.stop();
  });
  ::signal(SIGPIPE, SIG_IGN);
  spdlog::info("clusterbench-agent {} node {} state dir {}", kVersion, identity->nodeId, stateDir);
  session.start();
  io.run();
  return 0;
}
