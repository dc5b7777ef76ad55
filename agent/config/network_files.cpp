#include "config/network_files.hpp"

#include "config/applier.hpp"

namespace cb::agent::config {

std::string renderNetplan(const spec::NodeConfig& config) {
  std::string out = kOwnedFileHeader;
  out += "network:\n";
  out += "  version: 2\n";
  out += "  ethernets:\n";
  out += "    " + config.interface + ":\n";
  out += "      dhcp4: false\n";
  out += "      addresses:\n";
  out += "        - " + config.address + "\n";
  if (!config.gateway.empty()) {
    out += "      routes:\n";
    out += "        - to: default\n";
    out += "          via: " + config.gateway + "\n";
  }
  if (!config.dns.empty()) {
    out += "      nameservers:\n";
    out += "        addresses:\n";
    for (const auto& server : config.dns) out += "          - " + server + "\n";
  }
  return out;
}

std::string renderNetworkd(const spec::NodeConfig& config) {
  std::string out = kOwnedFileHeader;
  out += "[Match]\n";
  out += "Name=" + config.interface + "\n";
  out += "\n[Network]\n";
  out += "Address=" + config.address + "\n";
  if (!config.gateway.empty()) out += "Gateway=" + config.gateway + "\n";
  for (const auto& server : config.dns) out += "DNS=" + server + "\n";
  return out;
}

}  // namespace cb::agent::config
