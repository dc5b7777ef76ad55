#include "mpi/mpi_jobs.hpp"

namespace cb::controller {

void MpiJobs::removeRun(std::int64_t runId) {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    it = it->second.runId == runId ? jobs_.erase(it) : std::next(it);
  }
}

Result<const MpiJob*> MpiJobs::authorize(const std::string& token, const std::string& fromNodeId,
                                         const std::string& host,
                                         const std::vector<std::string>& argv) const {
  auto it = jobs_.find(token);
  if (it == jobs_.end()) return fail("no live MPI job with that token");
  const MpiJob& job = it->second;
  if (job.masterNodeId != fromNodeId) return fail("request does not come from the job's master");
  if (!job.hosts.count(host)) return fail("host '" + host + "' is not part of the job");
  if (argv.empty() || (argv[0] != "orted" && argv[0] != "/usr/bin/orted")) {
    return fail("only the orted launch command is accepted, not '" +
                (argv.empty() ? std::string() : argv[0]) + "'");
  }
  return &job;
}

std::set<std::string> hostsOfHostSlots(const std::string& hostSlots) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start < hostSlots.size()) {
    auto end = hostSlots.find(',', start);
    if (end == std::string::npos) end = hostSlots.size();
    auto item = hostSlots.substr(start, end - start);
    out.insert(item.substr(0, item.find(':')));
    start = end + 1;
  }
  return out;
}

}  // namespace cb::controller
