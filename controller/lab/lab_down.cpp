// `lab down` and the cleanup of a failed `lab up`: processes first (a namespace with processes
// in it outlives `ip netns del`), then links, namespaces, the bridge, and finally the lab dir.
#include "lab/detached_process.hpp"
#include "lab/guest_runtime.hpp"
#include "lab/lab.hpp"
#include "lab/lab_controller.hpp"
#include "lab/lab_lock.hpp"

namespace cb::lab {
namespace {

constexpr std::chrono::seconds kAgentGrace{5};

/// Collects failures so one stuck object does not stop the removal of the others.
struct Problems {
  std::vector<std::string> list;
  void add(const Status& s) {
    if (!s) list.push_back(s.error());
  }
  std::string text() const {
    std::string out;
    for (const auto& p : list) out += "\n  - " + p;
    return out;
  }
};

}  // namespace

Status teardown(LabJournal& journal, const std::filesystem::path& labDir, const LabEnv& env) {
  auto say = [&](const std::string& s) {
    if (env.say) env.say(s);
  };
  Problems problems;
  bool guests = isGuestProvider(journal.state().provider);
  for (auto& p : removeGuests(journal, env)) problems.list.push_back(p);
  for (std::size_t i = 0; !guests && i < journal.state().nodes.size(); ++i) {
    const NodeRecord& r = journal.state().nodes[i];
    if (r.pid <= 0) continue;
    say("stopping agent " + r.hostname + " (pid " + std::to_string(r.pid) + ")");
    auto s = stopProcess(r.pid, agentNeedle(r), kAgentGrace);
    problems.add(s);
    if (s) problems.add(journal.update([i](LabState& st) { st.nodes[i].pid = 0; }));
  }
  problems.add(stopLabController(journal, env));

  NetnsProvider ip(env.run);
  bool netns = journal.state().provider != "loopback";
  if (netns) {
    // Each phase works on a fresh view: deleting a namespace also deletes its veth pair.
    if (auto now = ip.snapshot()) {
      for (std::size_t i = 0; i < journal.state().nodes.size(); ++i) {
        std::string veth = journal.state().nodes[i].hostVeth;
        if (veth.empty()) continue;
        auto s = ip.deleteLinkIfPresent(veth, *now);
        problems.add(s);
        if (s) problems.add(journal.update([i](LabState& st) { st.nodes[i].hostVeth.clear(); }));
      }
    } else {
      problems.add(fail(now.error()));
    }
    if (auto now = ip.snapshot()) {
      for (std::size_t i = 0; i < journal.state().nodes.size(); ++i) {
        std::string ns = journal.state().nodes[i].netns;
        if (ns.empty()) continue;
        say("removing namespace " + ns);
        auto s = ip.deleteNetnsIfPresent(ns, *now);
        problems.add(s);
        if (s) problems.add(journal.update([i](LabState& st) { st.nodes[i].netns.clear(); }));
      }
      for (auto& p : removeGuestShared(journal, env)) problems.list.push_back(p);
      if (!journal.state().bridge.empty()) {
        say("removing bridge " + journal.state().bridge);
        auto s = ip.deleteLinkIfPresent(journal.state().bridge, *now);
        problems.add(s);
        if (s) problems.add(journal.update([](LabState& st) { st.bridge.clear(); }));
      }
    } else {
      problems.add(fail(now.error()));
    }
  }

  // Verify against the host, not the journal: report whatever is still there.
  const LabState& st = journal.state();
  for (const auto& r : st.nodes) {
    if (!guests && r.pid > 0 && isRunning(r.pid)) {
      problems.list.push_back("agent " + r.hostname + " pid " + std::to_string(r.pid) +
                              " still runs");
    }
  }
  if (netns) {
    if (auto now = ip.snapshot()) {
      for (const auto& r : st.nodes) {
        if (!r.netns.empty() && now->namespaces.count(r.netns)) {
          problems.list.push_back("namespace " + r.netns + " still exists");
        }
        if (!r.hostVeth.empty() && now->links.count(r.hostVeth)) {
          problems.list.push_back("link " + r.hostVeth + " still exists");
        }
      }
      if (!st.bridge.empty() && now->links.count(st.bridge)) {
        problems.list.push_back("bridge " + st.bridge + " still exists");
      }
    }
  }
  if (!problems.list.empty()) {
    return fail("the lab is not completely removed (" + journal.file().string() +
                " keeps what is left; run `clusterbench lab down` again):" + problems.text());
  }
  std::error_code ec;
  std::filesystem::remove_all(labDir, ec);
  if (ec) return fail("cannot remove " + labDir.string() + ": " + ec.message());
  return okStatus();
}

Status labDown(const std::filesystem::path& stateDir, const LabEnv& env) {
  LabPaths paths = labPaths(stateDir);
  std::error_code ec;
  if (!std::filesystem::exists(stateDir, ec)) {
    if (env.say) env.say("no lab in " + stateDir.string() + " (the state dir does not exist)");
    return okStatus();
  }
  auto lock = LabLock::acquire(paths.lockFile);
  if (!lock) return fail(lock.error());
  auto state = loadLabState(paths.stateFile);
  if (!state) return fail(state.error());
  if (!*state) {
    std::filesystem::remove_all(paths.labDir, ec);
    if (env.say)
      env.say("no lab in " + stateDir.string() + " (no " + paths.stateFile.string() + ")");
    return ec ? fail("cannot remove " + paths.labDir.string() + ": " + ec.message()) : okStatus();
  }
  LabJournal journal(paths.stateFile, std::move(**state));
  if (auto s = teardown(journal, paths.labDir, env); !s) return s;
  if (env.say) env.say("lab removed");
  return okStatus();
}

}  // namespace cb::lab
