#include "mpi/mpi_jobs.hpp"

#include "bench/orted_command.hpp"

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
  if (auto s = bench::checkOrtedCommand(argv, job.masterAddresses); !s) {
    return fail("only the orted launch of the job is accepted: " + s.error());
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

std::string firstHostOfHostSlots(const std::string& hostSlots) {
  auto item = hostSlots.substr(0, hostSlots.find(','));
  return item.substr(0, item.find(':'));
}

std::vector<std::string> jobMasterAddresses(const std::vector<std::string>& enrolled,
                                            const std::string& hostSlots) {
  std::vector<std::string> out = enrolled;
  if (auto first = firstHostOfHostSlots(hostSlots); !first.empty()) out.push_back(first);
  return out;
}

}  // namespace cb::controller
