#pragma once
// MPI daemon launches through the agents (no SSH, DESIGN §5). The master's agent asks on behalf
// of clusterbench-mpi-rsh; the request is checked against the live MPI jobs (MpiJobs::authorize);
// the target's agent runs orted; its output and exit are relayed back to the asking agent.
// Contract: a spawn's output and exit are accepted only from the node that runs that spawn;
// a route ends with its exit or when its run ends (removeRun).
// Thread-safety: the controller loop only.
#include <cstdint>
#include <map>
#include <string>

#include "daemon/agent_link.hpp"
#include "mpi/mpi_jobs.hpp"
#include "registry/registry.hpp"
#include "schemas/protocol.capnp.h"

namespace cb::controller {

class MpiRelay {
 public:
  MpiRelay(AgentLink& link, const Registry& registry) : link_(link), registry_(registry) {}

  void addJob(MpiJob job) { jobs_.add(std::move(job)); }
  /// Forgets the run's jobs and its routes.
  void removeRun(std::int64_t runId);

  void onSpawnRequest(const std::string& fromNodeId, proto::SpawnRequest::Reader request);
  void onSpawnOutput(const std::string& fromNodeId, proto::SpawnOutput::Reader output);
  void onSpawnExit(const std::string& fromNodeId, proto::SpawnExit::Reader exit);

  std::size_t routes() const { return routes_.size(); }
  std::size_t jobs() const { return jobs_.size(); }

 private:
  void refuse(const std::string& nodeId, const std::string& spawnId, const std::string& why);

  struct Route {
    std::string originNodeId;
    std::string originSpawnId;
    std::string targetNodeId;
    std::int64_t runId = 0;
  };
  AgentLink& link_;
  const Registry& registry_;
  MpiJobs jobs_;
  std::map<std::string, Route> routes_;  // by the controller's spawn id
  std::uint64_t nextSpawn_ = 1;
};

}  // namespace cb::controller
