#include "config/ip_json.hpp"

#include <nlohmann/json.hpp>

namespace cb::agent::config {
namespace {

std::string stringField(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<LinkState> parseIpAddrShow(std::string_view json) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return fail("ip -j addr show: not a JSON array");
  if (doc.size() != 1 || !doc[0].is_object()) {
    return fail("ip -j addr show: expected one link, got " + std::to_string(doc.size()));
  }
  const auto& link = doc[0];
  LinkState state;
  state.name = stringField(link, "ifname");
  if (const auto flags = link.find("flags"); flags != link.end() && flags->is_array()) {
    for (const auto& flag : *flags) {
      if (flag.is_string() && flag.get<std::string>() == "UP") state.adminUp = true;
    }
  }
  if (const auto infos = link.find("addr_info"); infos != link.end() && infos->is_array()) {
    for (const auto& info : *infos) {
      if (!info.is_object() || stringField(info, "family") != "inet") continue;
      const auto prefix = info.find("prefixlen");
      const std::string local = stringField(info, "local");
      if (local.empty() || prefix == info.end() || !prefix->is_number_integer()) continue;
      state.addresses.push_back(local + "/" + std::to_string(prefix->get<int>()));
    }
  }
  return state;
}

Result<std::optional<DefaultRoute>> parseDefaultRoute(std::string_view json) {
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return std::optional<DefaultRoute>{};  // older iproute2 prints nothing for no routes
  }
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return fail("ip -j route show: not a JSON array");
  for (const auto& route : doc) {
    if (!route.is_object()) continue;
    return std::optional<DefaultRoute>(
        DefaultRoute{stringField(route, "gateway"), stringField(route, "dev")});
  }
  return std::optional<DefaultRoute>{};
}

}  // namespace cb::agent::config
