// `lab up` on a finished lab whose controller died: the same controller started again.
#include <thread>

#include "control/control_client.hpp"
#include "lab/detached_process.hpp"
#include "lab/lab.hpp"

namespace cb::lab {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

bool answers(const std::string& endpoint, milliseconds timeout) {
  return control::requestStatus(endpoint, timeout).ok();
}

/// Polls the controller until every recorded node is ready; returns how many nodes that is.
/// Fails early when the agent of a host-process node has exited.
Result<int> waitForNodes(LabJournal& journal, Clock::time_point deadline, const LabEnv& env) {
  const bool guests = journal.state().provider != "netns" && journal.state().provider != "loopback";
  while (true) {
    if (auto s = checkInterrupted(env); !s) return fail(s.error());
    std::vector<std::string> pending;
    auto nodes = control::requestNodes(journal.state().controlEndpoint, std::chrono::seconds(2));
    if (!nodes) pending.push_back("controller: " + nodes.error());
    for (std::size_t i = 0; i < journal.state().nodes.size(); ++i) {
      const NodeRecord& r = journal.state().nodes[i];
      if (r.nodeId.empty()) {
        if (auto id = readNodeId(r.agentStateDir); !id.empty()) {
          if (auto s = journal.update([&](LabState& st) { st.nodes[i].nodeId = id; }); !s) {
            return fail(s.error());
          }
        }
      }
      if (!guests && !isRunning(r.pid)) {
        return fail("the agent of " + r.hostname + " (pid " + std::to_string(r.pid) +
                    ") is not running; `lab down` and `lab up` again");
      }
      std::string state = nodes ? "not registered" : "unknown";
      for (std::size_t k = 0; nodes && k < nodes->size(); ++k) {
        if (!r.nodeId.empty() && (*nodes)[k].id == r.nodeId) state = (*nodes)[k].state;
      }
      if (state != "ready") pending.push_back(r.hostname + " (" + state + ")");
    }
    if (pending.empty()) return static_cast<int>(journal.state().nodes.size());
    if (Clock::now() >= deadline) {
      std::string list;
      for (const auto& p : pending) list += (list.empty() ? "" : ", ") + p;
      return fail("nodes not ready in time after the controller restarted: " + list);
    }
    std::this_thread::sleep_for(milliseconds(250));
  }
}

}  // namespace

Result<std::optional<int>> restartDeadController(LabJournal& journal,
                                                 const std::filesystem::path& controllerLog,
                                                 Clock::time_point deadline, const LabEnv& env) {
  auto say = [&](const std::string& s) {
    if (env.say) env.say(s);
  };
  const LabState& st = journal.state();
  if (answers(st.controlEndpoint, std::chrono::seconds(2))) return std::optional<int>();
  if (!st.controllerStartedByLab) {
    say("the controller on " + st.controlEndpoint +
        " does not answer; the lab did not start it, so starting it again is left to you");
    return std::optional<int>();
  }
  const int old = st.controllerPid;
  const std::string needle = controllerNeedle(st);
  auto ours = [&](int pid) {
    return pid > 0 && isRunning(pid) && commandLineContains(pid, needle);
  };
  if (ours(old)) {
    // Still starting, or hung: it gets until the deadline to answer; a hung one is not killed.
    while (ours(old) && Clock::now() < deadline) {
      if (auto s = checkInterrupted(env); !s) return fail(s.error());
      if (answers(st.controlEndpoint, milliseconds(1000))) return std::optional<int>();
      std::this_thread::sleep_for(milliseconds(200));
    }
    if (ours(old)) {
      return fail("the lab's controller (pid " + std::to_string(old) +
                  ") runs but does not answer on " + st.controlEndpoint +
                  "; stop it and run `lab up` again, or `lab down`");
    }
  }
  if (st.controllerArgv.empty()) {
    return fail("the lab's controller (pid " + std::to_string(old) +
                ") is gone and lab.json does not record how it was started (an older lab); "
                "`lab down` and `lab up` again");
  }
  const Argv argv = st.controllerArgv;
  say("the lab's controller (pid " + std::to_string(old) + ") is gone; starting it again: " +
      describeArgv(argv) + " (log " + controllerLog.string() + ")");
  auto pid = spawnDetached(argv, controllerLog);
  if (!pid) return fail(pid.error());
  if (auto s = journal.update([&](LabState& rec) { rec.controllerPid = *pid; }); !s) {
    return fail(s.error());
  }
  auto why = [&](const std::string& what) {
    return fail("the controller started again as `" + describeArgv(argv) + "` " + what +
                "; last lines of " + controllerLog.string() + ":\n" + logTail(controllerLog));
  };
  while (true) {
    if (auto s = checkInterrupted(env); !s) return fail(s.error());
    if (answers(st.controlEndpoint, milliseconds(1000))) break;
    if (!isRunning(*pid)) return why("exited");
    if (Clock::now() >= deadline) return why("did not answer on " + st.controlEndpoint);
    std::this_thread::sleep_for(milliseconds(200));
  }
  say("controller is up again (pid " + std::to_string(*pid) + "); waiting for the " +
      std::to_string(st.nodes.size()) + " nodes to reconnect");
  auto ready = waitForNodes(journal, deadline, env);
  if (!ready) return fail(ready.error());
  return std::optional<int>(*ready);
}

}  // namespace cb::lab
