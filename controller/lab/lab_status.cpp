// `lab status`: what lab.json records, checked against the host and the controller.
#include <fstream>

#include "control/control_client.hpp"
#include "lab/detached_process.hpp"
#include "lab/guest_runtime.hpp"
#include "lab/lab.hpp"

namespace cb::lab {

std::string readNodeId(const std::filesystem::path& agentStateDir) {
  std::ifstream in(agentStateDir / "node-id");
  std::string id;
  in >> id;
  return id;
}

std::string labMasterNodeId(const std::filesystem::path& stateDir,
                            const std::string& controlEndpoint) {
  auto state = loadLabState(labPaths(stateDir).stateFile);
  if (!state || !*state) return {};
  const LabState& st = **state;
  if (!st.complete || st.controlEndpoint != controlEndpoint || st.nodes.empty()) return {};
  return st.nodes.front().nodeId;
}

std::string agentNeedle(const NodeRecord& node) {
  return "--state-dir " + node.agentStateDir.string() + " ";
}

std::string controllerNeedle(const LabState& state) {
  return "--control " + state.controlEndpoint + " controller";
}

nlohmann::json statusJson(const LabState& st, const std::filesystem::path& stateDir,
                          const LabEnv& env) {
  auto nodes = control::requestNodes(st.controlEndpoint, std::chrono::seconds(3));
  auto status = control::requestStatus(st.controlEndpoint, std::chrono::seconds(3));
  std::optional<HostNetwork> host;
  if (st.provider != "loopback" && env.run) {
    if (auto h = NetnsProvider(env.run).snapshot()) host = std::move(*h);
  }

  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i < st.nodes.size(); ++i) {
    const NodeRecord& r = st.nodes[i];
    std::string id = r.nodeId.empty() ? readNodeId(r.agentStateDir) : r.nodeId;
    std::string state = nodes ? "not registered" : "unknown";
    const control::NodeSummary* reported = nullptr;  // points into *nodes
    for (std::size_t k = 0; nodes && k < nodes->size(); ++k) {
      const control::NodeSummary& n = (*nodes)[k];
      if (!id.empty() && n.id == id) {
        state = n.state;
        reported = &n;
      }
    }
    nlohmann::json n = {{"hostname", r.hostname},
                        {"namespace", r.netns},
                        {"address", r.address},
                        {"pid", r.pid},
                        {"running", nodeRunning(st, i, env)},
                        {"node_id", id},
                        {"state", state},
                        {"dir", r.dir.string()}};
    if (reported) {
      n["reported_hostname"] = reported->hostname;
      n["virt_kind"] = reported->virtKind;
      n["virt_tech"] = reported->virtTech;
    }
    if (!r.guest.empty()) n["guest"] = r.guest;
    if (host) n["namespace_exists"] = !r.netns.empty() && host->namespaces.count(r.netns) > 0;
    out.push_back(std::move(n));
  }

  bool controllerRunning = st.controllerPid > 0 && isRunning(st.controllerPid) &&
                           commandLineContains(st.controllerPid, controllerNeedle(st));
  nlohmann::json controller = {{"reachable", status.ok()},
                               {"started_by_lab", st.controllerStartedByLab},
                               {"pid", status ? status->pid : st.controllerPid},
                               {"running", status.ok() || controllerRunning},
                               {"control_endpoint", st.controlEndpoint},
                               {"agent_endpoint", st.agentEndpoint}};
  if (!status) controller["error"] = status.error();
  std::string metrics = status ? status->metricsUrl : "";
  nlohmann::json j = {{"up", true},
                      {"complete", st.complete},
                      {"provider", st.provider},
                      {"image", st.image},
                      {"accel", st.accel},
                      {"disk_format", st.diskFormat},
                      {"disk_cache", st.diskCache},
                      {"state_dir", stateDir.string()},
                      {"prefix", st.prefix},
                      {"subnet", st.subnet},
                      {"bridge", st.bridge},
                      {"controller", controller},
                      {"metrics_url", metrics},
                      {"nodes", out}};
  if (host) j["bridge_exists"] = !st.bridge.empty() && host->links.count(st.bridge) > 0;
  return j;
}

Result<nlohmann::json> labStatus(const std::filesystem::path& stateDir, const LabEnv& env) {
  auto state = loadLabState(labPaths(stateDir).stateFile);
  if (!state) return fail(state.error());
  if (!*state) return nlohmann::json{{"up", false}, {"state_dir", stateDir.string()}};
  return statusJson(**state, stateDir, env);
}

}  // namespace cb::lab
