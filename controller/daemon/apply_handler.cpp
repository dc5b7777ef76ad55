// ControllerDaemon: `clusterbench apply/verify` and the automatic re-apply when a node joins.
// The last spec applied successfully is kept in <stateDir>/cluster.yaml; when a node registers
// for the first time since the controller started, that spec is applied again to every ready
// node (debounced), so a new worker gets its configuration and every /etc/hosts learns about it.
#include "util/asio.hpp"

#include "apply/apply_rollout.hpp"
#include "daemon/apply_state.hpp"
#include "daemon/control_reply.hpp"
#include "daemon/controller_daemon.hpp"
#include "daemon/daemon_log.hpp"
#include "os/atomic_file.hpp"
#include "spec/cluster_spec.hpp"
#include "wire/envelope.hpp"
#include "wire/node_config_codec.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
constexpr auto kAutoApplyDelay = std::chrono::seconds(2);
constexpr auto kAutoApplyTimeout = std::chrono::minutes(15);
}  // namespace


std::filesystem::path ControllerDaemon::appliedSpecPath() const {
  return config_.stateDir / "cluster.yaml";
}

std::string ControllerDaemon::startApply(const std::string& peer, std::string yaml,
                                         std::string fileName, ApplyMode mode,
                                         std::chrono::milliseconds timeout, bool& deferred) {
  if (yaml.empty()) {
    if (mode != ApplyMode::kVerify) return errorReply("apply: the spec is empty");
    auto saved = os::readFile(appliedSpecPath());
    if (!saved) {
      return errorReply("nothing was applied yet: run `clusterbench apply cluster.yaml` first");
    }
    yaml = *saved;
    fileName = appliedSpecPath().string();
  }
  auto spec = spec::parseClusterSpec(yaml, fileName);
  if (!spec) return errorReply("invalid cluster spec:\n" + spec.error());

  std::vector<spec::NodeIdentity> identities;
  for (const NodeInfo* n : registry_.ready()) identities.push_back(identityOf(*n));
  if (identities.empty()) return errorReply("no ready nodes (see `clusterbench nodes`)");
  auto resolved = spec::resolveCluster(*spec, identities);
  if (!resolved) return errorReply(resolved.error());
  if (resolved->nodes.empty()) {
    return errorReply("no registered node matches an entry of " + fileName);
  }
  addUnlistedHosts(*spec, *resolved);

  auto id = nextApply_++;
  auto pending = std::make_unique<PendingApply>(io_, mode, fileName);
  pending->peer = peer;
  pending->yaml = yaml;
  pending->warnings = resolved->warnings;
  pending->unassigned = resolved->unmatchedEntries;
  for (const auto& id : resolved->unmatchedNodes) {
    const NodeInfo* n = registry_.find(id);
    pending->unmatched.push_back(n ? n->hostname + " (" + id + ")" : id);
  }
  for (const auto& a : resolved->nodes) {
    const NodeInfo* n = registry_.find(a.nodeId);
    if (!n) continue;
    std::string applyId = "apply-" + std::to_string(id) + "-" + a.nodeId.substr(0, 12);
    pending->rollout.addNode(a.nodeId, n->hostname, applyId);
    applyOwner_[applyId] = id;
    sendToAgent(n->routingId, wire::buildEnvelope(nextRequestId_++, [&](Body::Builder b) {
                  auto ac = b.initApplyConfig();
                  ac.setApplyId(applyId);
                  ac.setDryRun(mode != ApplyMode::kApply);
                  wire::writeNodeConfig(a.config, ac.initConfig());
                }));
    sendProgress(peer, n->hostname + ": sent configuration as " + a.config.hostname + " (" +
                           a.config.address + ")");
  }
  for (const auto& w : pending->warnings) sendProgress(peer, "warning: " + w);
  pending->deadline.expires_after(timeout);
  pending->deadline.async_wait([this, id](const boost::system::error_code& ec) {
    if (ec) return;
    auto it = applies_.find(id);
    if (it == applies_.end()) return;
    it->second->rollout.expire("no report before the deadline");
    finishApply(id);
  });
  daemonLog()->info("{} of {}: {} node(s)", toString(mode), fileName,
                    resolved->nodes.size());
  applies_[id] = std::move(pending);
  deferred = !peer.empty();
  return {};
}

void ControllerDaemon::handleApplyReport(const std::string& nodeId,
                                         proto::ApplyReport::Reader report) {
  std::string applyId = report.getApplyId();
  auto owner = applyOwner_.find(applyId);
  if (owner == applyOwner_.end()) {
    daemonLog()->warn("ignoring an apply report for unknown id {} from {}", applyId, nodeId);
    return;
  }
  auto it = applies_.find(owner->second);
  if (it == applies_.end()) return;
  auto line = it->second->rollout.onReport(applyId, wire::readApplySteps(report.getSteps()),
                                           report.getError());
  if (!line) return;
  daemonLog()->info("{}", *line);
  sendProgress(it->second->peer, *line);
  if (it->second->rollout.done()) finishApply(it->first);
}

void ControllerDaemon::finishApply(std::uint64_t id) {
  auto it = applies_.find(id);
  if (it == applies_.end()) return;
  auto& p = *it->second;
  p.deadline.cancel();
  auto reply = p.rollout.reply(p.warnings, p.unassigned, p.unmatched);
  if (p.rollout.mode() == ApplyMode::kApply && p.rollout.status() == "succeeded" &&
      p.peer != "") {
    if (auto s = os::writeFileAtomic(appliedSpecPath(), p.yaml, 0600); !s) {
      daemonLog()->error("cannot keep the applied spec: {}", s.error());
    }
  }
  daemonLog()->info("{} finished: {}", toString(p.rollout.mode()), p.rollout.status());
  if (!p.peer.empty()) sendControlReply(p.peer, jsonReply(reply));
  for (const auto& a : p.rollout.applyIds()) applyOwner_.erase(a);
  applies_.erase(it);  // callers (report handler, deadline handler) do not touch it afterwards
}

void ControllerDaemon::scheduleAutoApply() {
  if (!std::filesystem::exists(appliedSpecPath())) return;
  if (autoApply_->pending) return;
  autoApply_->pending = true;
  autoApply_->timer.expires_after(kAutoApplyDelay);
  autoApply_->timer.async_wait([this](const boost::system::error_code& ec) {
    autoApply_->pending = false;
    if (ec) return;
    auto yaml = os::readFile(appliedSpecPath());
    if (!yaml) return;
    bool deferred = false;
    auto out = startApply("", *yaml, appliedSpecPath().string(), ApplyMode::kApply,
                          kAutoApplyTimeout, deferred);
    if (!out.empty()) daemonLog()->warn("automatic re-apply after a node joined was not started");
  });
}

spec::NodeIdentity ControllerDaemon::identityOf(const NodeInfo& n) const {
  spec::NodeIdentity id;
  id.nodeId = n.nodeId;
  id.hostname = n.hostname;
  id.joinOrder = static_cast<int>(n.joinOrder);
  for (const auto& m : n.facts.value("macs", nlohmann::json::array())) id.macs.push_back(m);
  for (const auto& i : n.facts.value("interfaces", nlohmann::json::array())) {
    id.interfaces.push_back(i);
  }
  return id;
}

void ControllerDaemon::addUnlistedHosts(const spec::ClusterSpec& spec,
                                        spec::Resolution& resolution) const {
  std::vector<spec::HostEntry> extra;
  for (const auto& id : resolution.unmatchedNodes) {
    const NodeInfo* n = registry_.find(id);
    if (!n || n->hostname.empty()) continue;
    for (const auto& a : n->facts.value("addresses", nlohmann::json::array())) {
      std::string address = a.get<std::string>();
      address = address.substr(0, address.find('/'));
      auto ip = net::parseIpv4(address);
      if (ip && spec.network.contains(*ip)) {
        extra.push_back(spec::HostEntry{address, {n->hostname}});
        break;
      }
    }
  }
  for (auto& node : resolution.nodes) {
    node.config.hosts.insert(node.config.hosts.end(), extra.begin(), extra.end());
  }
}

}  // namespace cb::controller
