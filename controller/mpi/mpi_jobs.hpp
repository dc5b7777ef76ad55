#pragma once
// MPI jobs the controller launched, and the rule for remote daemon launches (DESIGN §5):
// a spawn request is accepted only for a live job's token, only from that job's master node,
// only for a host of that job, and only for the orted launch Open MPI's rsh launcher writes with
// its HNP URI at the job's master (bench/orted_command.hpp). Pure logic.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::controller {

struct MpiJob {
  std::string token;
  std::int64_t runId = 0;
  std::string masterNodeId;
  std::set<std::string> hosts;  // addresses as written in the hostfile
  /// Where orted may call back (orte_hnp_uri): the enrolled master's addresses and its address
  /// in the hostfile (the master comes first there).
  std::vector<std::string> masterAddresses;
};

class MpiJobs {
 public:
  void add(MpiJob job) { jobs_[job.token] = std::move(job); }
  void removeRun(std::int64_t runId);
  /// The job for a request, or why it is refused (a refused command names the word that
  /// failed). `argv` is the already split command.
  Result<const MpiJob*> authorize(const std::string& token, const std::string& fromNodeId,
                                  const std::string& host,
                                  const std::vector<std::string>& argv) const;
  std::size_t size() const { return jobs_.size(); }

 private:
  std::map<std::string, MpiJob> jobs_;
};

/// "198.18.0.2:2,198.18.0.3:1" -> {"198.18.0.2", "198.18.0.3"}
std::set<std::string> hostsOfHostSlots(const std::string& hostSlots);
/// "198.18.0.2:2,198.18.0.3:1" -> "198.18.0.2" (the master's entry); empty when none.
std::string firstHostOfHostSlots(const std::string& hostSlots);
/// A job's masterAddresses: the master node's enrolled addresses (facts, "198.18.0.2/24") and
/// its hostfile entry.
std::vector<std::string> jobMasterAddresses(const std::vector<std::string>& enrolled,
                                            const std::string& hostSlots);

}  // namespace cb::controller
