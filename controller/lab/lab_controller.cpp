#include "lab/lab_controller.hpp"

#include <thread>

#include "control/control_client.hpp"
#include "lab/detached_process.hpp"
#include "wire/curve_keys.hpp"

namespace cb::lab {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string endpointHost(const std::string& endpoint) {
  auto start = endpoint.find("://");
  auto colon = endpoint.rfind(':');
  if (start == std::string::npos || colon == std::string::npos || colon <= start + 3) return "";
  return endpoint.substr(start + 3, colon - start - 3);
}

/// The endpoint agents dial for a running controller, or why they cannot reach it.
Result<std::string> dialEndpointFor(const LabPlan& plan, const control::ControllerStatus& status) {
  const std::string& bound = status.agentEndpoint;
  std::string host = endpointHost(bound);
  int port = endpointPort(bound);
  bool reachable = port > 0 && (host == "0.0.0.0" || host == "*" || host == plan.gateway);
  if (!reachable) {
    return fail("the controller already answering on " + plan.controlEndpoint +
                " listens for agents on '" + bound + "', which lab nodes cannot reach at " +
                plan.gateway + "; stop it or use another --state-dir");
  }
  return agentDialEndpoint(plan, port);
}

Status checkKey(const LabPlan& plan, const control::ControllerStatus& status) {
  auto key = wire::readPublicKey(plan.controllerKey);
  if (!key) return fail("cannot read the controller key agents pin: " + key.error());
  const std::string& running = status.publicKey;
  if (!running.empty() && running != *key) {
    return fail("the controller answering on " + plan.controlEndpoint + " has public key " +
                running + " but " + plan.controllerKey.string() + " holds " + *key);
  }
  return okStatus();
}

}  // namespace

int endpointPort(const std::string& endpoint) {
  auto colon = endpoint.rfind(':');
  if (colon == std::string::npos || colon + 1 >= endpoint.size()) return 0;
  int port = 0;
  for (char c : endpoint.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return 0;
    port = port * 10 + (c - '0');
  }
  return port <= 65535 ? port : 0;
}

Status checkExistingController(const LabPlan& plan) {
  auto existing = control::requestStatus(plan.controlEndpoint, std::chrono::seconds(2));
  if (!existing) return okStatus();
  auto dial = dialEndpointFor(plan, *existing);
  if (!dial) return fail(dial.error());
  return checkKey(plan, *existing);
}

Result<std::string> ensureController(const LabPlan& plan, LabJournal& journal,
                                     Clock::time_point deadline, const LabEnv& env) {
  auto say = [&](const std::string& s) {
    if (env.say) env.say(s);
  };
  if (auto existing = control::requestStatus(plan.controlEndpoint, std::chrono::seconds(2))) {
    say("using the controller already running on " + plan.controlEndpoint + " (pid " +
        std::to_string(existing->pid) + ")");
    auto dial = dialEndpointFor(plan, *existing);
    if (!dial) return dial;
    if (auto s = checkKey(plan, *existing); !s) return fail(s.error());
    if (auto s = journal.update([&](LabState& st) { st.agentEndpoint = *dial; }); !s) {
      return fail(s.error());
    }
    return dial;
  }

  Argv argv = controllerArgv(plan);
  say("starting a controller: " + describeArgv(argv) + " (log " + plan.controllerLog.string() +
      ")");
  auto pid = spawnDetached(argv, plan.controllerLog);
  if (!pid) return fail(pid.error());
  auto recorded = journal.update([&](LabState& st) {
    st.controllerStartedByLab = true;
    st.controllerPid = *pid;
    st.controllerArgv = argv;
  });
  if (!recorded) return fail(recorded.error());

  auto why = [&](const std::string& what) {
    return fail("the controller started as `" + describeArgv(argv) + "` " + what +
                "; last lines of " + plan.controllerLog.string() + ":\n" +
                logTail(plan.controllerLog));
  };
  while (true) {
    if (auto s = checkInterrupted(env); !s) return fail(s.error());
    auto status = control::requestStatus(plan.controlEndpoint, milliseconds(1000));
    if (status) {
      auto dial = agentDialEndpoint(plan, endpointPort(status->agentEndpoint));
      if (auto s = checkKey(plan, *status); !s) return fail(s.error());
      if (auto s = journal.update([&](LabState& st) { st.agentEndpoint = dial; }); !s) {
        return fail(s.error());
      }
      say("controller is up (pid " + std::to_string(*pid) + ", metrics " + status->metricsUrl +
          ")");
      return dial;
    }
    if (!isRunning(*pid)) return why("exited");
    if (Clock::now() >= deadline) return why("did not answer on " + plan.controlEndpoint);
    std::this_thread::sleep_for(milliseconds(200));
  }
}

Status stopLabController(LabJournal& journal, const LabEnv& env) {
  const LabState& st = journal.state();
  if (!st.controllerStartedByLab || st.controllerPid <= 0) return okStatus();
  int pid = st.controllerPid;
  std::string needle = controllerNeedle(st);
  if (isRunning(pid) && commandLineContains(pid, needle)) {
    if (env.say) env.say("stopping the controller (pid " + std::to_string(pid) + ")");
    (void)control::requestShutdown(st.controlEndpoint, std::chrono::seconds(3));
    waitForExit(pid, std::chrono::seconds(10));
  }
  if (auto s = stopProcess(pid, needle, std::chrono::seconds(5)); !s) return s;
  return journal.update([](LabState& s) { s.controllerPid = 0; });
}

}  // namespace cb::lab
