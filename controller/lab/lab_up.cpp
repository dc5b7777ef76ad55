// `lab up`: journal first, then each object recorded before it is created (lab_state.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "control/control_client.hpp"
#include "lab/detached_process.hpp"
#include "lab/guest_runtime.hpp"
#include "lab/lab.hpp"
#include "lab/lab_controller.hpp"
#include "lab/lab_lock.hpp"
#include "os/atomic_file.hpp"
#include "registry/join_tokens.hpp"
#include "util/clock.hpp"
#include "wire/curve_keys.hpp"

namespace cb::lab {
namespace {

using Clock = std::chrono::steady_clock;

Status checkExecutable(const std::filesystem::path& binary) {
  if (::access(binary.c_str(), X_OK) != 0) {
    return fail("cannot execute " + binary.string() + " (build it, or install it beside " +
                "clusterbench)");
  }
  return okStatus();
}

Status makeNodeDirs(const NodePlan& n) {
  std::error_code ec;
  for (const auto& d : {n.agentStateDir, n.rootDir}) {
    std::filesystem::create_directories(d, ec);
    if (ec) return fail("cannot create " + d.string() + ": " + ec.message());
  }
  ::chmod(n.agentStateDir.c_str(), 0700);  // holds the agent's secret key
  return okStatus();
}

class LabBuilder {
 public:
  LabBuilder(const LabPlan& plan, LabJournal& journal, const LabEnv& env)
      : plan_(plan),
        journal_(journal),
        env_(env),
        ip_(env.run),
        guests_(makeGuestRuntime(toString(plan.provider), env)) {}

  Status build(Clock::time_point deadline) {
    if (plan_.provider != Provider::kLoopback) {
      if (auto s = createBridge(); !s) return s;
    }
    for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
      if (auto s = checkInterrupted(env_); !s) return s;
      if (auto s = createNode(i); !s) return s;
    }
    if (guests_) {
      if (auto s = guests_->prepare(plan_, journal_); !s) return s;
    }
    auto dial = ensureController(plan_, journal_, deadline, env_);
    if (!dial) return fail(dial.error());
    if (auto s = makeLabToken(); !s) return s;
    for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
      if (auto s = checkInterrupted(env_); !s) return s;
      if (auto s = startAgent(i, *dial); !s) return s;
    }
    return waitUntilReady(deadline);
  }

 private:
  /// A fresh random join token for this lab's nodes (valid a day: enough for every agent of
  /// this `lab up` to enroll; accepted keys need no token afterwards).
  Status makeLabToken() {
    auto token = controller::createJoinToken(plan_.stateDir, std::chrono::hours(24), nowMs());
    if (!token) return fail("cannot make the lab's join token: " + token.error());
    return os::writeFileAtomic(plan_.joinTokenFile, token->token + "\n", 0600);
  }

  void say(const std::string& s) const {
    if (env_.say) env_.say(s);
  }

  /// Records `field` as `name`, runs the single command creating it, unrecords on failure
  /// (the command created nothing, and checkFree showed the name was not someone else's).
  Status recordAndCreate(const std::function<void(LabState&, const std::string&)>& field,
                         const std::string& name, const Argv& create) {
    if (auto s = journal_.update([&](LabState& st) { field(st, name); }); !s) return s;
    auto created = ip_.run(create);
    if (!created) {
      (void)journal_.update([&](LabState& st) { field(st, ""); });
      return created;
    }
    return okStatus();
  }

  Status createBridge() {
    say("creating bridge " + plan_.bridge + " with " + plan_.gatewayCidr);
    auto s = recordAndCreate([](LabState& st, const std::string& v) { st.bridge = v; },
                             plan_.bridge, bridgeAddCommand(plan_));
    if (!s) return s;
    return ip_.runAll(bridgeConfigureCommands(plan_));
  }

  Status createNode(std::size_t i) {
    const NodePlan& n = plan_.nodes[i];
    if (auto s = makeNodeDirs(n); !s) return s;
    if (!hasNodeNamespaces(plan_.provider)) return okStatus();
    say("creating node " + n.hostname + ": namespace " + n.netns + ", eth0 " + n.cidr);
    auto s = recordAndCreate([i](LabState& st, const std::string& v) { st.nodes[i].netns = v; },
                             n.netns, netnsAddCommand(n));
    if (!s) return s;
    s = recordAndCreate([i](LabState& st, const std::string& v) { st.nodes[i].hostVeth = v; },
                        n.hostVeth, vethAddCommand(n));
    if (!s) return s;
    return ip_.runAll(nodeConfigureCommands(plan_, n));
  }

  Status startAgent(std::size_t i, const std::string& dial) {
    const NodePlan& n = plan_.nodes[i];
    if (guests_) {
      auto key = wire::readPublicKey(plan_.controllerKey);
      if (!key) return fail("cannot read the controller key for the guests: " + key.error());
      return guests_->start(plan_, i, dial, *key, journal_);
    }
    Argv argv = agentArgv(plan_, n, dial);
    say("starting agent " + n.hostname + " (log " + n.logFile.string() + ")");
    auto pid = spawnDetached(argv, n.logFile);
    if (!pid) return fail("agent of " + n.hostname + ": " + pid.error());
    return journal_.update([&](LabState& st) { st.nodes[i].pid = *pid; });
  }

  /// Polls the controller until every lab node is registered and ready (and, with namespaces,
  /// reports its lab hostname).
  Status waitUntilReady(Clock::time_point deadline) {
    say("waiting for " + std::to_string(plan_.nodes.size()) + " nodes to be ready");
    while (true) {
      if (auto s = checkInterrupted(env_); !s) return s;
      for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
        const NodeRecord& r = journal_.state().nodes[i];
        if (r.nodeId.empty()) {
          if (auto id = readNodeId(r.agentStateDir); !id.empty()) {
            if (auto s = journal_.update([&](LabState& st) { st.nodes[i].nodeId = id; }); !s) {
              return s;
            }
          }
        }
        if (guests_ && !guests_->running(journal_.state(), i)) {
          return fail(guests_->whyNotRunning(journal_.state(), i));
        }
        if (!guests_ && !isRunning(r.pid)) {
          return fail(
              "the agent of " + r.hostname + " exited (`" +
              describeArgv(agentArgv(plan_, plan_.nodes[i], journal_.state().agentEndpoint)) +
              "`); last lines of " + plan_.nodes[i].logFile.string() + ":\n" +
              logTail(plan_.nodes[i].logFile));
        }
      }
      std::vector<std::string> pending;
      std::string logs;  // quoted in the timeout error: the lab dir is removed after it
      auto nodes = control::requestNodes(plan_.controlEndpoint, std::chrono::seconds(2));
      if (!nodes) pending.push_back("controller: " + nodes.error());
      if (nodes && plan_.provider == Provider::kQemu) {
        if (auto s = adoptVmNodeIds(*nodes); !s) return s;
      }
      for (std::size_t i = 0; nodes && i < plan_.nodes.size(); ++i) {
        const NodeRecord& r = journal_.state().nodes[i];
        const control::NodeSummary* found = nullptr;
        for (const auto& n : *nodes) {
          if (!r.nodeId.empty() && n.id == r.nodeId) found = &n;
        }
        std::string state = found ? found->state : "not registered";
        std::string problem;
        if (state != "ready") {
          problem = r.hostname + " (" + state + ")";
        } else if (plan_.provider != Provider::kLoopback && found->hostname != r.hostname) {
          problem = r.hostname + " (reports hostname '" + found->hostname + "')";
        }
        if (problem.empty()) continue;
        pending.push_back(problem);
        logs += "\nlast lines of " + plan_.nodes[i].logFile.string() + ":\n" +
                logTail(plan_.nodes[i].logFile, 5);
      }
      if (pending.empty()) return okStatus();
      if (Clock::now() >= deadline) {
        std::string list;
        for (const auto& p : pending) list += (list.empty() ? "" : ", ") + p;
        return fail("nodes not ready in time: " + list + logs);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }

  /// A VM's agent keeps its node id inside the VM's (snapshot) disk: its node is the ready one
  /// reporting the VM's hostname and address.
  Status adoptVmNodeIds(const std::vector<control::NodeSummary>& nodes) {
    for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
      if (!journal_.state().nodes[i].nodeId.empty()) continue;
      const NodePlan& n = plan_.nodes[i];
      for (const auto& node : nodes) {
        bool here =
            std::find(node.addresses.begin(), node.addresses.end(), n.cidr) != node.addresses.end();
        if (!here || node.hostname != n.hostname || node.state != "ready") continue;
        std::string id = node.id;
        if (auto s = journal_.update([&](LabState& st) { st.nodes[i].nodeId = id; }); !s) return s;
      }
    }
    return okStatus();
  }

  const LabPlan& plan_;
  LabJournal& journal_;
  const LabEnv& env_;
  NetnsProvider ip_;
  std::unique_ptr<GuestRuntime> guests_;  // nullptr unless the nodes are containers or VMs
};

LabState initialState(const LabPlan& plan) {
  LabState st;
  st.provider = toString(plan.provider);
  st.prefix = plan.prefix;
  st.subnet = plan.provider != Provider::kLoopback ? plan.subnet.str() : "127.0.0.0/8";
  st.controlEndpoint = plan.controlEndpoint;
  for (const auto& n : plan.nodes) {
    NodeRecord r;
    r.hostname = n.hostname;
    r.address = n.address;
    r.dir = n.dir;
    r.agentStateDir = n.agentStateDir;
    st.nodes.push_back(std::move(r));
  }
  return st;
}

}  // namespace

Status checkInterrupted(const LabEnv& env) {
  if (env.interrupted && env.interrupted()) return fail("interrupted");
  return okStatus();
}

Result<nlohmann::json> labUp(const LabPlan& plan, std::chrono::seconds timeout, const LabEnv& env) {
  auto deadline = Clock::now() + timeout;
  std::error_code ec;
  std::filesystem::create_directories(plan.stateDir, ec);
  if (ec) return fail("cannot create state dir " + plan.stateDir.string() + ": " + ec.message());
  auto lock = LabLock::acquire(plan.paths.lockFile);
  if (!lock) return fail(lock.error());

  auto existing = loadLabState(plan.paths.stateFile);
  if (!existing) return fail(existing.error());
  if (*existing) {
    const LabState& st = **existing;
    if (!st.complete) {
      return fail(plan.paths.stateFile.string() +
                  " records a lab whose `lab up` did not finish; remove it with `clusterbench "
                  "lab down` first");
    }
    LabJournal journal(plan.paths.stateFile, st);
    auto restarted = restartDeadController(journal, plan.controllerLog, deadline, env);
    if (!restarted) return fail(restarted.error());
    if (env.say) {
      env.say(*restarted ? "controller restarted; " + std::to_string(**restarted) + " nodes ready"
                         : "the lab is already up (" + st.provider + ", " +
                               std::to_string(st.nodes.size()) +
                               " nodes); options of this call are ignored, `lab down` first to "
                               "change it");
    }
    auto j = statusJson(journal.state(), plan.stateDir, env);
    j["already_up"] = true;
    if (*restarted) {
      j["controller_restarted"] = true;
      j["ready_nodes"] = **restarted;
    }
    return j;
  }

  if (auto s = checkExecutable(plan.controllerBinary); !s) return fail(s.error());
  if (!isGuestProvider(plan.provider)) {
    if (auto s = checkExecutable(plan.agentBinary); !s) return fail(s.error());
  }
  if (plan.provider != Provider::kLoopback) {
    if (auto s = NetnsProvider(env.run).checkFree(plan); !s) return fail(s.error());
  }
  if (auto guests = makeGuestRuntime(toString(plan.provider), env)) {
    if (auto s = guests->check(plan); !s) return fail(s.error());
  }
  if (auto s = checkExistingController(plan); !s) return fail(s.error());
  std::filesystem::create_directories(plan.paths.labDir, ec);
  if (ec) return fail("cannot create " + plan.paths.labDir.string() + ": " + ec.message());
  LabJournal journal(plan.paths.stateFile, initialState(plan));
  if (auto s = journal.update([](LabState&) {}); !s) return fail(s.error());

  auto built = LabBuilder(plan, journal, env).build(deadline);
  if (!built) {
    if (env.say) env.say("lab up failed; removing what it created");
    auto cleaned = teardown(journal, plan.paths.labDir, env);
    return fail(built.error() +
                (cleaned ? "" : "\nand cleaning up failed too: " + cleaned.error()));
  }
  if (auto s = journal.update([](LabState& st) { st.complete = true; }); !s) {
    return fail(s.error());
  }
  auto j = statusJson(journal.state(), plan.stateDir, env);
  j["already_up"] = false;
  return j;
}

}  // namespace cb::lab
