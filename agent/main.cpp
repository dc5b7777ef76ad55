// clusterbench-agent: registers this node with the controller and runs benchmarks on request.
// main() is the only place that creates the real world (sockets, processes, files, clock).
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include "util/asio.hpp"

#include "bench/catalog.hpp"
#include "bench/orted_command.hpp"
#include "config/config_service.hpp"
#include "facts/facts.hpp"
#include "metrics/node_sampler.hpp"
#include "os/filesystem.hpp"
#include "os/process_runner.hpp"
#include "os/process_table.hpp"
#include "os/run_as.hpp"
#include "os/sd_notify.hpp"
#include "session/identity.hpp"
#include "session/join_token_file.hpp"
#include "session/session.hpp"
#include "tasks/orphan_reaper.hpp"
#include "tasks/task_group_ledger.hpp"
#include "wire/curve_keys.hpp"
#include "wire/key_id.hpp"

namespace {

/// Read at start when it exists; `--config FILE` names another (which must then exist).
constexpr const char* kDefaultConfig = "/etc/clusterbench/agent.conf";
constexpr const char* kDefaultJoinTokenFile = "/etc/clusterbench/join-token";

/// Parses the command line and the config file. Errors about the file name it; a bad value
/// that may come from it says so. Returns the exit code to leave with, or -1 to go on.
int parseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return -1;
  } catch (const CLI::ParseError& e) {
    const auto* config = app.get_config_ptr();
    const std::string file = config->count() > 0 ? config->as<std::string>() : kDefaultConfig;
    if (dynamic_cast<const CLI::ConfigError*>(&e)) {
      std::cerr << "error: config file " << file << ": " << e.what() << "\n";
      return e.get_exit_code();
    }
    int code = app.exit(e);
    std::error_code ec;
    bool fileRead = config->count() > 0 || std::filesystem::exists(file, ec);
    if (code != 0 && fileRead && !dynamic_cast<const CLI::FileError*>(&e)) {
      std::cerr << "(options were also read from " << file << ")\n";
    }
    return code;
  }
}

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

/// MPI (hpcc, hpcc-mpi, orted launches) runs as `name`, never as root; orted from the system
/// path. A missing user is not fatal: MPI work is refused with a message saying what to do.
void resolveMpiUser(const std::string& name, const std::string& scratchDir,
                    cb::agent::ExecutionEnv& exec) {
  exec.orted = cb::os::findInSystemPath(cb::bench::kOrtedProgram);
  if (::geteuid() != 0) return;  // not root: MPI runs as the agent's own user
  if (name == "root") {
    exec.mpiUserProblem = "--mpi-user root: MPI does not run as root";
  } else if (auto who = cb::os::lookupRunAs(name); !who) {
    exec.mpiUserProblem = "MPI user missing: " + who.error() +
                          " (the clusterbench-agent package and image create it: useradd "
                          "--system --user-group --home-dir /nonexistent --shell "
                          "/usr/sbin/nologin " +
                          name + ")";
  } else {
    exec.mpiUser = *who;
    // orted's working directory and HOME, its user's own.
    exec.mpiHome = std::filesystem::path(scratchDir) / ".mpi-home";  // never a task id
    std::error_code ec;
    std::filesystem::create_directories(exec.mpiHome, ec);
    if (ec || ::chown(exec.mpiHome.c_str(), who->uid, who->gid) != 0 ||
        ::chmod(exec.mpiHome.c_str(), 0700) != 0) {
      exec.mpiUserProblem = "cannot prepare " + exec.mpiHome.string() + " for the MPI user";
    }
  }
  if (!exec.mpiUserProblem.empty()) spdlog::warn("{}; MPI runs are refused", exec.mpiUserProblem);
}

/// Kills what a crash of the previous agent left running (task_group_ledger.hpp) and says so.
void killLeftovers(cb::agent::TaskGroupLedger& ledger) {
  for (const auto& o : ledger.killLeftovers()) {
    std::string members;
    for (int pid : o.members) members += (members.empty() ? "" : " ") + std::to_string(pid);
    if (!o.escaped.empty()) {
      std::string pids;
      for (int pid : o.escaped) pids += (pids.empty() ? "" : " ") + std::to_string(pid);
      spdlog::warn("task {} outlived the previous agent outside its process group: killed pids {}",
                   o.record.taskId, pids);
    }
    if (!o.problem.empty()) {
      spdlog::warn("leftover {}: {}", (ledger.dir() / o.file).string(), o.problem);
    } else if (o.verdict == cb::agent::LeftoverVerdict::kKill) {
      spdlog::warn("task {} outlived the previous agent: killed process group {} (pids {})",
                   o.record.taskId, o.record.pgid, members);
    } else if (o.verdict == cb::agent::LeftoverVerdict::kUnverified) {
      spdlog::warn("task {}: process group {} (pids {}) is not provably the task's; left alone",
                   o.record.taskId, o.record.pgid, members);
    } else {
      spdlog::info("task {}: process group {} already gone ({})", o.record.taskId, o.record.pgid,
                   cb::agent::verdictName(o.verdict));
    }
  }
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
  std::string endpoint, keyArg, stateDir = defaultStateDir(), hostname, level = "info";
  std::string factsRoot = "/";
  std::string runAs = "nobody", scratchDir, mpiUser = "clusterbench-mpi";
  int heartbeatMs = 2000, backoffMaxMs = 10000, metricsIntervalMs = 5000;
  std::string joinTokenFile = kDefaultJoinTokenFile;
  bool printKey = false;
  app.add_option("--controller", endpoint,
                 "controller agent endpoint, e.g. tcp://10.0.0.1:7700 "
                 "(required unless --print-key)");
  app.add_option("--controller-key", keyArg,
                 "controller public key (Z85) or a file holding it (controller.pub; required "
                 "unless --print-key)");
  app.add_flag("--print-key", printKey,
               "print this node's key id and public key (its identity; the operator compares "
               "the id with `clusterbench keys list` and accepts it with `clusterbench keys "
               "accept ID`) and exit");
  app.add_option("--state-dir", stateDir, "node id, key pair and unsent results")
      ->capture_default_str();
  app.add_option("--join-token-file", joinTokenFile,
                 "file holding a join token (mode 0600); a valid token makes the controller "
                 "accept this node's key at once, without it the key waits for `clusterbench "
                 "keys accept`; a missing file means no token")
      ->capture_default_str();
  app.add_option("--hostname", hostname,
                 "set the UTS hostname at start (only in a private UTS namespace, e.g. the lab)");
  app.add_option("--heartbeat-ms", heartbeatMs, "heartbeat interval until the controller sets one")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--backoff-max-ms", backoffMaxMs, "upper bound of the reconnect backoff")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  app.add_option("--facts-root", factsRoot, "root directory facts and node metrics are read from")
      ->capture_default_str();
  app.add_option("--metrics-interval-ms", metricsIntervalMs,
                 "how often CPU, load, memory, network and disk counters go to the controller "
                 "(0 = never)")
      ->check(CLI::Range(0, 3600000))
      ->capture_default_str();
  app.add_option("--run-as", runAs,
                 "unprivileged user for benchmarks that do not need root ('root' = no drop)")
      ->capture_default_str();
  app.add_option("--mpi-user", mpiUser,
                 "unprivileged user MPI runs as (mpirun, orted, the ranks); packaging creates it")
      ->capture_default_str();
  app.add_option("--scratch-dir", scratchDir,
                 "where per-task scratch dirs are made (default /var/tmp/clusterbench/<node>)");
  std::string configRoot = "/";
  bool noServiceCommands = false;
  app.add_option("--config-root", configRoot,
                 "root directory the node configuration is written under (a lab node's tree)")
      ->capture_default_str();
  app.add_flag("--no-service-commands", noServiceCommands,
               "list service commands (exportfs, systemctl, netplan apply) instead of running "
               "them, for nodes whose kernel cannot run NFS or autofs (the netns lab)");
  app.add_option("--log-level", level, "trace|debug|info|warn|error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.set_version_flag("--version", kVersion);
  app.set_config("--config", kDefaultConfig,
                 "INI/TOML file setting any of these options by long name (the command line "
                 "wins); read when it exists");
  app.allow_config_extras(CLI::config_extras_mode::error);
  if (int code = parseCommandLine(app, argc, argv); code >= 0) return code;
  // Before any thread starts: the notifier takes NOTIFY_SOCKET out of the environment.
  const auto notifier = cb::os::SdNotifier::fromEnvironment();

  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");

  if (!hostname.empty() && ::sethostname(hostname.c_str(), hostname.size()) != 0) {
    spdlog::error("cannot set hostname to {}: {}", hostname, std::strerror(errno));
    return 1;
  }
  if (printKey) {
    auto id = cb::agent::loadOrCreateIdentity(stateDir);
    if (!id) {
      spdlog::error("{}", id.error());
      return 1;
    }
    // "<key id, 16 hex digits>  <Z85 key>": the id is what `clusterbench keys list` shows and
    // what `clusterbench keys accept` takes; the Z85 key has no spaces.
    std::cout << cb::wire::keyId(id->keys.publicKey).substr(0, cb::wire::kShortKeyId) << "  "
              << id->keys.publicKey << "\n";
    return 0;
  }
  if (endpoint.empty() || keyArg.empty()) {
    std::cerr << "error: --controller and --controller-key are required\n";
    return 2;
  }
  auto joinToken = cb::agent::readJoinTokenFile(joinTokenFile);
  if (!joinToken) {
    spdlog::error("{}", joinToken.error());
    return 2;
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

  // Orphans among the benchmarks' processes become this agent's children (reaped below) rather
  // than init's; what a crash of the previous agent left running is killed before connecting.
  auto processes = cb::os::makeProcessTable();
  if (auto s = cb::os::becomeChildSubreaper(); !s) spdlog::warn("{}", s.error());
  cb::agent::TaskGroupLedger ledger(std::filesystem::path(stateDir) / "running", *processes);
  killLeftovers(ledger);

  boost::asio::io_context io;
  zmq::context_t zmq(1);
  cb::agent::OrphanReaper reaper(io, *processes, static_cast<int>(::getpid()));
  reaper.start();
  auto runner = cb::os::makeProcessRunner(io);
  auto catalog = cb::bench::makeDefaultCatalog();

  cb::agent::SessionConfig config;
  config.endpoint = endpoint;
  config.controllerKey = *key;
  config.identity = *identity;
  config.joinToken = *joinToken;
  config.heartbeat = std::chrono::milliseconds(heartbeatMs);
  config.backoffMax = std::chrono::milliseconds(backoffMaxMs);
  // The outbox is on the host's own filesystem, whatever --config-root says.
  auto hostFs = cb::os::makeRootedFilesystem("/");
  config.outboxDir = (std::filesystem::absolute(stateDir) / "outbox").lexically_normal().string();
  config.agentVersion = kVersion;
  config.metricsInterval = std::chrono::milliseconds(metricsIntervalMs);
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  config.exec = cb::agent::ExecutionEnv{scratchDir, user->first, user->second,
                                        (self.parent_path() / "clusterbench-mpi-rsh").string(), ""};
  config.exec.groups = &ledger;
  resolveMpiUser(mpiUser, scratchDir, config.exec);
  // mpirun and its launch helper run as the MPI user: the socket lives in its own directory (the
  // state dir is root's alone).
  config.spawnSocketPath = config.exec.mpiHome.empty()
                               ? stateDir + "/spawn.sock"
                               : (config.exec.mpiHome / "spawn.sock").string();
  config.exec.spawnEndpoint = "ipc://" + config.spawnSocketPath;

  cb::agent::Session session(
      io, zmq, config, [factsRoot] { return cb::agent::collectFacts(factsRoot); }, catalog, *runner,
      *hostFs);
  session.sampleMetrics = [factsRoot, userHz = ::sysconf(_SC_CLK_TCK), warned = false]() mutable {
    auto reading = cb::agent::sampleNodeMetrics(factsRoot, userHz);
    for (const auto& problem : reading.problems) {
      // Stays the same every interval: say it once, then only at debug level.
      spdlog::log(warned ? spdlog::level::debug : spdlog::level::warn, "node metrics: {}", problem);
    }
    warned = warned || !reading.problems.empty();
    return reading.sample;
  };
  // Node configuration runs on its own thread; reports go back through the session.
  cb::agent::config::ConfigService configService(
      io, cb::agent::config::ConfigServiceOptions{configRoot, !noServiceCommands});
  session.onApplyConfig = [&](const std::string& applyId, bool dryRun,
                              cb::spec::NodeConfig nodeConfig) {
    configService.submit(
        applyId, dryRun, std::move(nodeConfig),
        [&session](const std::string& envelope) { session.sendMessage(envelope); });
  };
  // systemd (Type=notify): ready once the controller has welcomed this node.
  session.onRegistered = [&notifier] {
    if (auto s = notifier.ready(); !s) spdlog::warn("{}", s.error());
  };
  session.onStatus = [&notifier](const std::string& status) { (void)notifier.status(status); };
  cb::os::WatchdogPinger watchdog(io, notifier);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    spdlog::info("signal {}: stopping", sig);
    (void)notifier.stopping();
    session.stop();
    io.stop();
  });
  ::signal(SIGPIPE, SIG_IGN);
  spdlog::info("clusterbench-agent {} node {} state dir {}", kVersion, identity->nodeId, stateDir);
  session.start();
  io.run();
  return 0;
}
