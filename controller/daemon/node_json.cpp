#include "daemon/node_json.hpp"

namespace cb::controller {
namespace {
template <typename L>
nlohmann::json textList(L list) {
  auto arr = nlohmann::json::array();
  for (auto t : list) arr.push_back(std::string(t.cStr()));
  return arr;
}
}  // namespace

nlohmann::json factsToJson(proto::NodeFacts::Reader f) {
  const char* kind = "none";
  if (f.getVirtKind() == proto::VirtKind::VM) kind = "vm";
  if (f.getVirtKind() == proto::VirtKind::CONTAINER) kind = "container";
  return {{"hostname", f.getHostname().cStr()},
          {"addresses", textList(f.getAddresses())},
          {"cpu_count", f.getCpuCount()},
          {"cpu_model", f.getCpuModel().cStr()},
          {"memory_bytes", f.getMemoryBytes()},
          {"kernel", f.getKernel().cStr()},
          {"virt_kind", kind},
          {"virt_tech", f.getVirtTech().cStr()},
          {"os", f.getOs().cStr()},
          {"macs", textList(f.getMacs())},
          {"interfaces", textList(f.getInterfaces())}};
}

}  // namespace cb::controller
