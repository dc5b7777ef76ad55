// The HPCC phase: one `mpirun ... hpcc` on the master across the selected nodes. Remote MPI
// daemons are launched through the agents (clusterbench-mpi-rsh), never SSH; the job token ties
// those launches to this run.
#include <random>

#include "orchestrator/suite_runner.hpp"

namespace cb::controller {
namespace {
std::string newJobToken() {
  static const char* kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 24; ++i) out += kAlphabet[rd() % 36];
  return out;
}
}  // namespace

void SuiteRunner::planHpcc(const spec::SuiteStep& step, int repetition, const NodeView& master,
                           const std::vector<NodeView>& selected) {
  // mpirun runs on the master and rank 0 (which writes hpccoutf.txt into mpirun's working
  // directory) must run there too: the master always comes first in the hostfile.
  std::vector<NodeView> nodes{master};
  for (const auto& n : selected) {
    if (n.nodeId != master.nodeId) nodes.push_back(n);
  }
  units_.push_back([this, &step, repetition, master, nodes] {
    auto p = prefix(step, repetition);
    std::string hosts;
    int perNode = std::stoi(step.params.at("slots-per-node"));
    for (const auto& n : nodes) {
      if (n.address.empty()) {
        ++failures_;
        progress_(p + "skipped: " + n.hostname + " has no IPv4 address");
        unitDone();
        return;
      }
      hosts += (hosts.empty() ? "" : ",") + n.address + ":" +
               std::to_string(perNode > 0 ? perNode : static_cast<int>(n.cpuCount));
    }
    DispatchRequest req;
    req.benchmark = "hpcc-mpi";
    req.params = {{"hosts", hosts},
                  {"net", master.cidr.empty() ? "127.0.0.0/8" : master.cidr},
                  {"job", newJobToken()}};
    for (const char* k : {"n", "nb", "p", "q"}) {
      if (auto it = step.params.find(k); it != step.params.end()) req.params[k] = it->second;
    }
    req.nodeIds = {master.nodeId};
    for (const auto& n : nodes) {
      if (n.nodeId != master.nodeId) req.peerNodeIds.push_back(n.nodeId);
    }
    req.timeout = std::chrono::seconds(step.timeoutSeconds);
    req.labels = {{"mpi_hosts", nodes.size()}};
    progress_(p + "mpirun on " + master.hostname + " across " + std::to_string(nodes.size()) +
              " node(s): " + hosts);
    launch(
        step, repetition, req,
        [this, p](const std::string& host, const std::string& kind, const std::string& text) {
          if (kind == "finished") progress_(p + host + ": " + text);
        },
        [this](std::int64_t, const std::string&) { unitDone(); });
  });
}

}  // namespace cb::controller
