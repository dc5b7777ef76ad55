// ControllerDaemon: MPI daemon launches through the agents (no SSH). The master's agent asks on
// behalf of clusterbench-mpi-rsh; the target's agent runs orted; output and exit are relayed.
#include "daemon/controller_daemon.hpp"
#include "daemon/daemon_log.hpp"
#include "wire/envelope.hpp"
#include "wire/shell_words.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
/// The registered node with `host` among its addresses or as its hostname.
const NodeInfo* nodeForHost(const Registry& registry, const std::string& host) {
  for (const auto* n : registry.ready()) {
    if (n->hostname == host) return n;
    for (const auto& a : n->facts.value("addresses", nlohmann::json::array())) {
      std::string s = a.get<std::string>();
      if (s.substr(0, s.find('/')) == host) return n;
    }
  }
  return nullptr;
}
}  // namespace

void ControllerDaemon::refuseSpawn(const std::string& routingId, const std::string& spawnId,
                                   const std::string& why) {
  daemonLog()->warn("refused an MPI launch request: {}", why);
  sendToAgent(routingId, wire::buildEnvelope(0, [&](Body::Builder b) {
                auto e = b.initSpawnExit();
                e.setSpawnId(spawnId);
                e.setExitCode(255);
                e.setMessage("clusterbench refused the launch: " + why);
              }));
}

void ControllerDaemon::handleSpawnRequest(const std::string& fromNodeId,
                                          proto::SpawnRequest::Reader req) {
  const NodeInfo* origin = registry_.find(fromNodeId);
  if (!origin) return;
  std::string originSpawnId = req.getSpawnId();
  std::vector<std::string> words;
  for (auto w : req.getWords()) words.emplace_back(w.cStr());
  auto argv = wire::splitShellWords(words);
  if (!argv) return refuseSpawn(origin->routingId, originSpawnId, argv.error());
  std::string host = req.getHost();
  auto job = mpiJobs_.authorize(req.getJobToken(), fromNodeId, host, *argv);
  if (!job) return refuseSpawn(origin->routingId, originSpawnId, job.error());
  const NodeInfo* target = nodeForHost(registry_, host);
  if (!target) return refuseSpawn(origin->routingId, originSpawnId, "no ready node is " + host);

  std::string spawnId = "sp" + std::to_string(nextSpawn_++);
  spawns_[spawnId] = SpawnRoute{fromNodeId, originSpawnId, target->nodeId, (*job)->runId};
  daemonLog()->info("MPI job of run {}: orted on {} for {}", (*job)->runId, target->hostname,
                    origin->hostname);
  sendToAgent(target->routingId, wire::buildEnvelope(0, [&](Body::Builder b) {
                auto s = b.initSpawn();
                s.setSpawnId(spawnId);
                s.setJobToken(req.getJobToken());
                auto list = s.initArgv(static_cast<unsigned>(argv->size()));
                for (unsigned i = 0; i < argv->size(); ++i) list.set(i, (*argv)[i]);
                s.setTimeoutMs(30 * 60 * 1000);
              }));
}

void ControllerDaemon::relaySpawnOutput(proto::SpawnOutput::Reader out) {
  auto it = spawns_.find(out.getSpawnId());
  if (it == spawns_.end()) return;
  const NodeInfo* origin = registry_.find(it->second.originNodeId);
  if (!origin) return;
  sendToAgent(origin->routingId, wire::buildEnvelope(0, [&](Body::Builder b) {
                auto o = b.initSpawnOutput();
                o.setSpawnId(it->second.originSpawnId);
                o.setStream(out.getStream());
                o.setData(out.getData());
              }));
}

void ControllerDaemon::relaySpawnExit(proto::SpawnExit::Reader exit) {
  auto it = spawns_.find(exit.getSpawnId());
  if (it == spawns_.end()) return;
  if (const NodeInfo* origin = registry_.find(it->second.originNodeId)) {
    sendToAgent(origin->routingId, wire::buildEnvelope(0, [&](Body::Builder b) {
                  auto e = b.initSpawnExit();
                  e.setSpawnId(it->second.originSpawnId);
                  e.setExitCode(exit.getExitCode());
                  e.setMessage(exit.getMessage());
                }));
  }
  spawns_.erase(it);
}

}  // namespace cb::controller
