#include "worker_protocol.hpp"

#include <algorithm>
#include <sstream>

#include "swarm_counters.hpp"

namespace cb::swarm {

void WorkerCounters::add(const WorkerCounters& o) {
  bool allBoth = allRegisteredNs != 0 && o.allRegisteredNs != 0;
  hellosSent += o.hellosSent;
  registered += o.registered;
  reRegistrations += o.reRegistrations;
  heartbeatsSent += o.heartbeatsSent;
  heartbeatAcks += o.heartbeatAcks;
  tasksReceived += o.tasksReceived;
  resultsSent += o.resultsSent;
  errorsReceived += o.errorsReceived;
  sendRefused += o.sendRefused;
  allRegisteredNs = allBoth ? std::max(allRegisteredNs, o.allRegisteredNs) : 0;
  if (firstTaskNs == 0 || (o.firstTaskNs != 0 && o.firstTaskNs < firstTaskNs)) {
    firstTaskNs = o.firstTaskNs;
  }
  lastTaskNs = std::max(lastTaskNs, o.lastTaskNs);
  agents += o.agents;
}

WorkerCounters snapshot(const SwarmCounters& c, std::uint64_t agents) {
  WorkerCounters w;
  w.hellosSent = c.hellosSent;
  w.registered = c.registered;
  w.reRegistrations = c.reRegistrations;
  w.heartbeatsSent = c.heartbeatsSent;
  w.heartbeatAcks = c.heartbeatAcks;
  w.tasksReceived = c.tasksReceived;
  w.resultsSent = c.resultsSent;
  w.errorsReceived = c.errorsReceived;
  w.sendRefused = c.sendRefused;
  w.allRegisteredNs = c.allRegisteredNs;
  w.firstTaskNs = c.firstTaskNs;
  w.lastTaskNs = c.lastTaskNs;
  w.agents = agents;
  return w;
}

std::string formatCounters(const WorkerCounters& c) {
  std::ostringstream out;
  out << "counters " << c.hellosSent << ' ' << c.registered << ' ' << c.reRegistrations << ' '
      << c.heartbeatsSent << ' ' << c.heartbeatAcks << ' ' << c.tasksReceived << ' '
      << c.resultsSent << ' ' << c.errorsReceived << ' ' << c.sendRefused << ' '
      << c.allRegisteredNs << ' ' << c.firstTaskNs << ' ' << c.lastTaskNs << ' ' << c.agents;
  return out.str();
}

std::optional<WorkerCounters> parseCounters(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::string word;
  WorkerCounters c;
  if (!(in >> word) || word != "counters") return std::nullopt;
  if (!(in >> c.hellosSent >> c.registered >> c.reRegistrations >> c.heartbeatsSent >>
        c.heartbeatAcks >> c.tasksReceived >> c.resultsSent >> c.errorsReceived >> c.sendRefused >>
        c.allRegisteredNs >> c.firstTaskNs >> c.lastTaskNs >> c.agents)) {
    return std::nullopt;
  }
  if (in >> word) return std::nullopt;  // trailing words
  return c;
}

std::string formatWelcomes(const std::vector<std::int64_t>& ns) {
  std::string out = "welcomes " + std::to_string(ns.size());
  for (auto v : ns) out += " " + std::to_string(v);
  return out;
}

std::optional<std::vector<std::int64_t>> parseWelcomes(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::string word;
  std::size_t n = 0;
  if (!(in >> word) || word != "welcomes" || !(in >> n)) return std::nullopt;
  std::vector<std::int64_t> out(n);
  for (auto& v : out) {
    if (!(in >> v)) return std::nullopt;
  }
  if (in >> word) return std::nullopt;
  return out;
}

}  // namespace cb::swarm
