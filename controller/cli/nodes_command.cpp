#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/reply_json.hpp"
#include "cli/table.hpp"
#include "control/control_client.hpp"

namespace cb::cli {
namespace {

std::string gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  return buf;
}

void printNodes(const std::vector<control::NodeSummary>& nodes) {
  Table t(
      {"HOSTNAME", "STATE", "ENV", "VIRT", "ADDRESS", "CPUS", "MEMORY", "KERNEL", "HB AGE", "ID"});
  for (const auto& n : nodes) {
    std::string addr = n.addresses.empty() ? "-" : n.addresses[0];
    char age[32];
    std::snprintf(age, sizeof age, "%.1fs", n.heartbeatAgeSeconds);
    t.add({n.hostname, n.state, n.environment, n.virtTech, addr, std::to_string(n.cpuCount),
           gib(static_cast<double>(n.memoryBytes)), n.kernel, age, n.id.substr(0, 12)});
  }
  t.print(std::cout);
}

}  // namespace

void addNodesCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("nodes", "List registered nodes with their state and facts");
  cmd->add_flag("--json", g.json, "print the node list as JSON");
  cmd->callback([&g] {
    auto nodes = control::requestNodes(controlEndpoint(g), std::chrono::seconds(10));
    if (!nodes) failCommand(nodes.error());
    if (g.json) {
      std::cout << nodesJson(*nodes).dump(2) << "\n";
    } else if (nodes->empty()) {
      std::cout << "no nodes registered yet\n";
    } else {
      printNodes(*nodes);
    }
  });
}

void addStatusCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("status", "Show the running controller's endpoints and counts");
  cmd->add_flag("--json", g.json, "print as JSON");
  cmd->callback([&g] {
    auto s = control::requestStatus(controlEndpoint(g), std::chrono::seconds(10));
    if (!s) failCommand(s.error());
    auto j = statusJson(*s);
    if (g.json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    for (auto& [k, v] : j.items()) {
      std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
    }
  });
}

}  // namespace cb::cli
