#include "lab/lab_state.hpp"

#include <system_error>

#include "os/atomic_file.hpp"

namespace cb::lab {

nlohmann::json toJson(const LabState& s) {
  auto nodes = nlohmann::json::array();
  for (const auto& n : s.nodes) {
    nodes.push_back({{"hostname", n.hostname},
                     {"address", n.address},
                     {"netns", n.netns},
                     {"host_veth", n.hostVeth},
                     {"dir", n.dir.string()},
                     {"agent_state_dir", n.agentStateDir.string()},
                     {"pid", n.pid},
                     {"node_id", n.nodeId},
                     {"guest", n.guest},
                     {"mount", n.mount.string()}});
  }
  return {{"version", 1},
          {"provider", s.provider},
          {"prefix", s.prefix},
          {"subnet", s.subnet},
          {"bridge", s.bridge},
          {"control_endpoint", s.controlEndpoint},
          {"agent_endpoint", s.agentEndpoint},
          {"controller_started_by_lab", s.controllerStartedByLab},
          {"controller_pid", s.controllerPid},
          {"controller_argv", s.controllerArgv},
          {"complete", s.complete},
          {"image", s.image},
          {"image_ref", s.imageRef},
          {"accel", s.accel},
          {"disk_format", s.diskFormat},
          {"disk_cache", s.diskCache},
          {"vm_netns", s.vmNetns},
          {"vm_veth", s.vmVeth},
          {"nodes", nodes}};
}

Result<LabState> labStateFromJson(const nlohmann::json& j) {
  try {
    if (j.at("version").get<int>() != 1) {
      return fail("unsupported version " + j.at("version").dump());
    }
    LabState s;
    s.provider = j.at("provider").get<std::string>();
    s.prefix = j.at("prefix").get<std::string>();
    s.subnet = j.at("subnet").get<std::string>();
    s.bridge = j.at("bridge").get<std::string>();
    s.controlEndpoint = j.at("control_endpoint").get<std::string>();
    s.agentEndpoint = j.at("agent_endpoint").get<std::string>();
    s.controllerStartedByLab = j.at("controller_started_by_lab").get<bool>();
    s.controllerPid = j.at("controller_pid").get<int>();
    s.complete = j.at("complete").get<bool>();
    // Fields added with the guest providers; absent in files written before them.
    s.image = j.value("image", "");
    s.imageRef = j.value("image_ref", "");
    s.accel = j.value("accel", "");
    s.diskFormat = j.value("disk_format", "");
    s.diskCache = j.value("disk_cache", "");
    s.vmNetns = j.value("vm_netns", "");
    s.vmVeth = j.value("vm_veth", "");
    s.controllerArgv = j.value("controller_argv", std::vector<std::string>());
    for (const auto& n : j.at("nodes")) {
      NodeRecord r;
      r.hostname = n.at("hostname").get<std::string>();
      r.address = n.at("address").get<std::string>();
      r.netns = n.at("netns").get<std::string>();
      r.hostVeth = n.at("host_veth").get<std::string>();
      r.dir = n.at("dir").get<std::string>();
      r.agentStateDir = n.at("agent_state_dir").get<std::string>();
      r.pid = n.at("pid").get<int>();
      r.nodeId = n.at("node_id").get<std::string>();
      r.guest = n.value("guest", "");
      r.mount = n.value("mount", "");
      s.nodes.push_back(std::move(r));
    }
    return s;
  } catch (const nlohmann::json::exception& e) {
    return fail(e.what());
  }
}

Result<std::optional<LabState>> loadLabState(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<LabState>();
  auto text = os::readFile(file);
  if (!text) return fail(text.error());
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return fail(file.string() + " is not valid JSON");
  auto s = labStateFromJson(j);
  if (!s) return fail(file.string() + ": " + s.error());
  return std::optional<LabState>(std::move(*s));
}

Status LabJournal::update(const std::function<void(LabState&)>& change) {
  change(state_);
  return os::writeFileAtomic(file_, toJson(state_).dump(2) + "\n", 0600);
}

}  // namespace cb::lab
