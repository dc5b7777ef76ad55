#include "daemon/mpi_relay.hpp"

#include "daemon/daemon_log.hpp"
#include "wire/envelope.hpp"
#include "wire/shell_words.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
/// The ready node with `host` among its addresses or as its hostname.
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

void MpiRelay::removeRun(std::int64_t runId) {
  jobs_.removeRun(runId);
  for (auto it = routes_.begin(); it != routes_.end();) {
    it = it->second.runId == runId ? routes_.erase(it) : std::next(it);
  }
}

void MpiRelay::refuse(const std::string& nodeId, const std::string& spawnId,
                      const std::string& why) {
  daemonLog()->warn("refused an MPI launch request: {}", why);
  link_.send(nodeId, wire::buildEnvelope(0, [&](Body::Builder b) {
               auto e = b.initSpawnExit();
               e.setSpawnId(spawnId);
               e.setExitCode(255);
               e.setMessage("clusterbench refused the launch: " + why);
             }));
}

void MpiRelay::onSpawnRequest(const std::string& fromNodeId, proto::SpawnRequest::Reader req) {
  const NodeInfo* origin = registry_.find(fromNodeId);
  if (!origin) return;
  std::string originSpawnId = req.getSpawnId();
  std::vector<std::string> words;
  for (auto w : req.getWords()) words.emplace_back(w.cStr());
  auto argv = wire::splitShellWords(words);
  if (!argv) return refuse(fromNodeId, originSpawnId, argv.error());
  std::string host = req.getHost();
  auto job = jobs_.authorize(req.getJobToken(), fromNodeId, host, *argv);
  if (!job) return refuse(fromNodeId, originSpawnId, job.error());
  const NodeInfo* target = nodeForHost(registry_, host);
  if (!target) return refuse(fromNodeId, originSpawnId, "no ready node is " + host);

  std::string spawnId = "sp" + std::to_string(nextSpawn_++);
  routes_[spawnId] = Route{fromNodeId, originSpawnId, target->nodeId, (*job)->runId};
  daemonLog()->info("MPI job of run {}: orted on {} for {}", (*job)->runId, target->hostname,
                    origin->hostname);
  link_.send(target->nodeId, wire::buildEnvelope(0, [&](Body::Builder b) {
               auto s = b.initSpawn();
               s.setSpawnId(spawnId);
               s.setJobToken(req.getJobToken());
               auto list = s.initArgv(static_cast<unsigned>(argv->size()));
               for (unsigned i = 0; i < argv->size(); ++i) list.set(i, (*argv)[i]);
               s.setTimeoutMs(30 * 60 * 1000);
               const auto& master = (*job)->masterAddresses;
               auto addresses = s.initMasterAddresses(static_cast<unsigned>(master.size()));
               for (unsigned i = 0; i < master.size(); ++i) addresses.set(i, master[i]);
             }));
}

void MpiRelay::onSpawnOutput(const std::string& fromNodeId, proto::SpawnOutput::Reader out) {
  auto it = routes_.find(out.getSpawnId());
  if (it == routes_.end()) return;
  if (it->second.targetNodeId != fromNodeId) {
    daemonLog()->warn("ignored output of spawn {} from node {}: it runs on {}", it->first,
                      fromNodeId, it->second.targetNodeId);
    return;
  }
  link_.send(it->second.originNodeId, wire::buildEnvelope(0, [&](Body::Builder b) {
               auto o = b.initSpawnOutput();
               o.setSpawnId(it->second.originSpawnId);
               o.setStream(out.getStream());
               o.setData(out.getData());
             }));
}

void MpiRelay::onSpawnExit(const std::string& fromNodeId, proto::SpawnExit::Reader exit) {
  auto it = routes_.find(exit.getSpawnId());
  if (it == routes_.end()) return;
  if (it->second.targetNodeId != fromNodeId) {
    daemonLog()->warn("ignored the exit of spawn {} from node {}: it runs on {}", it->first,
                      fromNodeId, it->second.targetNodeId);
    return;
  }
  link_.send(it->second.originNodeId, wire::buildEnvelope(0, [&](Body::Builder b) {
               auto e = b.initSpawnExit();
               e.setSpawnId(it->second.originSpawnId);
               e.setExitCode(exit.getExitCode());
               e.setMessage(exit.getMessage());
             }));
  routes_.erase(it);
}

}  // namespace cb::controller
