// `clusterbench controller`: the daemon. Creates every real resource and injects it.
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <iostream>
#include "util/asio.hpp"

#include "bench/catalog.hpp"
#include "cli/commands.hpp"
#include "control/control_client.hpp"
#include "daemon/controller_daemon.hpp"
#include "metrics/metrics.hpp"
#include "os/sd_notify.hpp"
#include "store/store.hpp"
#include "wire/curve_keys.hpp"

namespace cb::cli {
namespace {

struct DaemonOptions {
  std::string agentEndpoint = "tcp://0.0.0.0:7700";
  std::string controlEndpoint;
  std::string metricsAddress = "127.0.0.1:9464";
  int heartbeatMs = 2000;
  int missed = 3;
  std::size_t maxPendingKeys = 1024;
  bool createKeysOnly = false;
  std::size_t maxRawOutputKiB = 4096;
};

/// Every agent holds a TCP connection: lift the soft descriptor limit to the hard one.
void raiseFileLimit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
}

int runDaemon(const GlobalOptions& g, const DaemonOptions& o) {
  // Before any thread starts: the notifier takes NOTIFY_SOCKET out of the environment.
  const auto notifier = os::SdNotifier::fromEnvironment();
  raiseFileLimit();
  auto stateDir = control::resolveStateDir(g.stateDir);
  std::error_code ec;
  std::filesystem::create_directories(stateDir, ec);
  if (ec) failCommand("cannot create state dir " + stateDir.string() + ": " + ec.message());
  ::chmod(stateDir.c_str(), 0700);

  auto keys = wire::loadOrCreateKeyPair(stateDir, "controller");
  if (!keys) failCommand(keys.error());
  if (o.createKeysOnly) {
    // Deployments that hand agents controller.pub before the controller first runs
    // (docker/compose.yaml, docker/k8s): stdout is the public key alone.
    std::cout << keys->publicKey << "\n";
    return 0;
  }
  auto store = store::Store::open(stateDir / "results.db");
  if (!store) failCommand(store.error());
  std::unique_ptr<metrics::Metrics> metrics;
  if (!o.metricsAddress.empty()) {
    auto m = metrics::Metrics::start(o.metricsAddress);
    if (!m) failCommand(m.error());
    metrics = std::move(*m);
  }
  auto catalog = bench::makeDefaultCatalog();

  boost::asio::io_context io;
  zmq::context_t zmq(1);
  controller::ControllerConfig config;
  config.agentEndpoint = o.agentEndpoint;
  config.controlEndpoint = o.controlEndpoint.empty() ? controlEndpoint(g) : o.controlEndpoint;
  config.stateDir = stateDir;
  config.heartbeat = std::chrono::milliseconds(o.heartbeatMs);
  config.missedHeartbeats = o.missed;
  config.maxPendingKeys = o.maxPendingKeys;
  config.maxRawOutputBytes = o.maxRawOutputKiB * 1024;
  controller::ControllerDaemon daemon(io, zmq, config, *keys, **store, metrics.get(), catalog);
  auto stopAll = [&] {
    (void)notifier.stopping();
    daemon.stop();
    io.stop();
  };
  daemon.onShutdownRequested = stopAll;
  if (auto s = daemon.start(); !s) failCommand(s.error());
  // systemd (Type=notify): both sockets are bound and /metrics listens.
  if (auto s = notifier.ready("agents: " + daemon.agentEndpoint() +
                              ", metrics: " + (metrics ? metrics->url() : "off"));
      !s) {
    spdlog::warn("{}", s.error());
  }
  os::WatchdogPinger watchdog(io, notifier);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& e, int sig) {
    if (e) return;
    spdlog::info("signal {}: stopping", sig);
    stopAll();
  });
  ::signal(SIGPIPE, SIG_IGN);
  spdlog::info("controller public key {} (agents pin it: {}/controller.pub)", keys->publicKey,
               stateDir.string());
  io.run();
  return 0;
}

}  // namespace

void addConfigFileOption(CLI::App& app) {
  app.set_config("--config", kDefaultConfigFile,
                 "INI/TOML file setting options by long name, a subcommand's in a [section] "
                 "(the command line wins); read when it exists");
  app.allow_config_extras(CLI::config_extras_mode::error);
}

int parseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::ParseError& e) {
    const auto* config = app.get_config_ptr();
    const std::string file = config->count() > 0 ? config->as<std::string>() : kDefaultConfigFile;
    if (dynamic_cast<const CLI::ConfigError*>(&e)) {
      std::cerr << "error: config file " << file << ": " << e.what() << "\n";
      return e.get_exit_code();
    }
    int code = app.exit(e);
    std::error_code ec;
    bool quiet = dynamic_cast<const CLI::RuntimeError*>(&e) != nullptr ||
                 dynamic_cast<const CLI::FileError*>(&e) != nullptr;
    if (code != 0 && !quiet && (config->count() > 0 || std::filesystem::exists(file, ec))) {
      std::cerr << "(options were also read from " << file << ")\n";
    }
    return code;
  }
}

void addControllerCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("controller", "Run the controller daemon in the foreground");
  static DaemonOptions o;
  cmd->add_option("--agent-endpoint", o.agentEndpoint, "ZeroMQ endpoint agents connect to")
      ->capture_default_str();
  cmd->add_option("--control-endpoint", o.controlEndpoint,
                  "local control endpoint (default ipc://STATE_DIR/control.sock)");
  cmd->add_option("--metrics-address", o.metricsAddress,
                  "host:port for /metrics (port 0 = any; empty = off)")
      ->capture_default_str();
  cmd->add_option("--heartbeat-ms", o.heartbeatMs, "heartbeat interval agents are told to use")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  cmd->add_option("--missed-heartbeats", o.missed, "silent intervals before a node is lost")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--max-pending-keys", o.maxPendingKeys,
                  "unknown agent keys are refused at the handshake once this many are pending "
                  "(join tokens: `clusterbench token create`, in STATE_DIR/join-tokens)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--max-raw-output-kib", o.maxRawOutputKiB,
                  "raw output stored per result, stdout and stderr each (KiB); the rest is cut "
                  "and the cut marked in the stored text")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024 * 1024}))
      ->capture_default_str();
  cmd->add_flag("--create-keys", o.createKeysOnly,
                "create the controller's key pair in the state dir (controller.key 0600, "
                "controller.pub) unless it exists, print the public key and exit");
  cmd->callback([&g] {
    int rc = runDaemon(g, o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cb::cli
