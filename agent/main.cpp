// clusterbench-agent: registers this node with the controller and runs benchmarks on request.
// main() is the only place that creates the real world (sockets, processes, files, clock).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include "util/asio.hpp"
#include <filesystem>

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

std::string defaultStateDir() {
  if (const char* env = std::getenv("CLUSTERBENCH_AGENT_STATE_DIR")) return env;
  if (::geteuid() == 0) return "/var/lib/clusterbench/agent";
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.local/state/clusterbench-agent";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clusterbench-agent: node agent. Registers with the controller over ZeroMQ/CURVE, "
               "reports node facts, sends heartbeats and runs catalogued benchmarks."};
  std::string endpoint, keyArg, stateDir = defaultStateDir(), joinToken, hostname, level = "info";
  std::string factsRoot = "/";
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
