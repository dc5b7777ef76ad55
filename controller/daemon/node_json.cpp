#include "daemon/node_json.hpp"

#include "util/safe_text.hpp"
#include "wire/codec.hpp"

namespace cb::controller {
namespace {
template <typename L>
nlohmann::json textList(L list) {
  auto arr = nlohmann::json::array();
  for (auto t : list) arr.push_back(util::safeLine(wire::textView(t)));
  return arr;
}
}  // namespace

nlohmann::json factsToJson(proto::NodeFacts::Reader f) {
  const char* kind = "none";
  if (f.getVirtKind() == proto::VirtKind::VM) kind = "vm";
  if (f.getVirtKind() == proto::VirtKind::CONTAINER) kind = "container";
  return {{"hostname", util::safeLine(wire::textView(f.getHostname()))},
          {"addresses", textList(f.getAddresses())},
          {"cpu_count", f.getCpuCount()},
          {"cpu_model", util::safeLine(wire::textView(f.getCpuModel()))},
          {"memory_bytes", f.getMemoryBytes()},
          {"kernel", util::safeLine(wire::textView(f.getKernel()))},
          {"virt_kind", kind},
          {"virt_tech", util::safeLine(wire::textView(f.getVirtTech()))},
          {"os", util::safeLine(wire::textView(f.getOs()))},
          {"macs", textList(f.getMacs())},
          {"interfaces", textList(f.getInterfaces())}};
}

}  // namespace cb::controller
