#include "daemon/apply_service.hpp"

#include "daemon/control_encode.hpp"
#include "daemon/control_reply.hpp"
#include "daemon/daemon_log.hpp"
#include "os/atomic_file.hpp"
#include "spec/extra_hosts.hpp"
#include "util/safe_text.hpp"
#include "wire/envelope.hpp"
#include "wire/node_config_codec.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
constexpr auto kAutoApplyDelay = std::chrono::seconds(2);
constexpr auto kAutoApplyTimeout = std::chrono::minutes(15);
}  // namespace

ApplyService::ApplyService(boost::asio::io_context& io, AgentLink& link, const Registry& registry,
                           std::filesystem::path stateDir)
    : io_(io), link_(link), registry_(registry), stateDir_(std::move(stateDir)), autoTimer_(io) {}

ApplyService::~ApplyService() = default;

void ApplyService::start(ApplyRequest req, const ReplyHandle& reply) {
  if (req.yaml.empty()) {
    if (req.mode != ApplyMode::kVerify) return reply.finish(errorReply("apply: the spec is empty"));
    auto saved = os::readFile(appliedSpecPath());
    if (!saved) {
      return reply.finish(
          errorReply("nothing was applied yet: run `clusterbench apply cluster.yaml` first"));
    }
    req.yaml = *saved;
    req.fileName = appliedSpecPath().string();
  }
  auto spec = spec::parseClusterSpec(req.yaml, req.fileName);
  if (!spec) return reply.finish(errorReply("invalid cluster spec:\n" + spec.error()));

  std::vector<spec::NodeIdentity> identities;
  for (const NodeInfo* n : registry_.ready()) identities.push_back(identityOf(*n));
  if (identities.empty())
    return reply.finish(errorReply("no ready nodes (see `clusterbench nodes`)"));
  auto resolved = spec::resolveCluster(*spec, identities);
  if (!resolved) return reply.finish(errorReply(resolved.error()));
  if (resolved->nodes.empty()) {
    return reply.finish(errorReply("no registered node matches an entry of " + req.fileName));
  }
  addUnlistedHosts(*spec, *resolved);

  auto id = nextApply_++;
  auto pending = std::make_unique<Pending>(io_, req.mode, req.fileName);
  pending->reply = reply;
  pending->yaml = req.yaml;
  pending->warnings = resolved->warnings;
  pending->unassigned = resolved->unmatchedEntries;
  for (const auto& a : resolved->nodes) {
    if (a.entry == 0) pending->masterNodeId = a.nodeId;  // ClusterSpec::nodes: the master first
  }
  for (const auto& nodeId : resolved->unmatchedNodes) {
    const NodeInfo* n = registry_.find(nodeId);
    pending->unmatched.push_back(n ? n->hostname + " (" + nodeId + ")" : nodeId);
  }
  for (const auto& a : resolved->nodes) {
    const NodeInfo* n = registry_.find(a.nodeId);
    if (!n) continue;
    std::string applyId = "apply-" + std::to_string(id) + "-" + a.nodeId.substr(0, 12);
    pending->rollout.addNode(a.nodeId, n->hostname, applyId);
    owner_[applyId] = id;
    link_.send(a.nodeId, wire::buildEnvelope(nextRequestId_++, [&](Body::Builder b) {
                 auto ac = b.initApplyConfig();
                 ac.setApplyId(applyId);
                 ac.setDryRun(req.mode != ApplyMode::kApply);
                 wire::writeNodeConfig(a.config, ac.initConfig());
               }));
    reply.progress(n->hostname + ": sent configuration as " + a.config.hostname + " (" +
                   a.config.address + ")");
  }
  for (const auto& w : pending->warnings) reply.progress("warning: " + w);
  pending->deadline.expires_after(req.timeout);
  pending->deadline.async_wait([this, id](const boost::system::error_code& ec) {
    if (ec) return;
    auto it = applies_.find(id);
    if (it == applies_.end()) return;
    it->second->rollout.expire("no report before the deadline");
    finish(id);
  });
  daemonLog()->info("{} of {}: {} node(s)", toString(req.mode), req.fileName,
                    resolved->nodes.size());
  applies_[id] = std::move(pending);
}

void ApplyService::onApplyReport(const std::string& nodeId, proto::ApplyReport::Reader report) {
  std::string applyId = report.getApplyId();
  auto owner = owner_.find(applyId);
  if (owner == owner_.end()) {
    daemonLog()->warn("ignoring an apply report for unknown id {} from {}", util::safeLine(applyId),
                      nodeId);
    return;
  }
  auto it = applies_.find(owner->second);
  if (it == applies_.end()) return;
  // Agent text enters here: made safe once (util/safe_text.hpp).
  auto steps = wire::readApplySteps(report.getSteps());
  for (auto& s : steps) {
    s.applier = util::safeLine(s.applier);
    s.diff = util::safeText(s.diff);
    for (auto& c : s.commands) c = util::safeText(c);
    s.message = util::safeText(s.message);
  }
  auto line = it->second->rollout.onReport(applyId, steps,
                                           util::safeText(wire::textView(report.getError())));
  if (!line) return;
  daemonLog()->info("{}", *line);
  it->second->reply.progress(*line);
  if (it->second->rollout.done()) finish(it->first);
}

void ApplyService::finish(std::uint64_t id) {
  auto it = applies_.find(id);
  if (it == applies_.end()) return;
  auto& p = *it->second;
  p.deadline.cancel();
  auto result = p.rollout.reply(p.warnings, p.unassigned, p.unmatched);
  if (p.rollout.mode() == ApplyMode::kApply && p.rollout.status() == "succeeded" &&
      p.reply.attached()) {
    if (auto s = os::writeFileAtomic(appliedSpecPath(), p.yaml, 0600); !s) {
      daemonLog()->error("cannot keep the applied spec: {}", s.error());
    }
    if (auto s = os::writeFileAtomic(appliedMasterPath(), p.masterNodeId + "\n", 0600); !s) {
      daemonLog()->error("cannot keep the applied spec's master: {}", s.error());
    }
  }
  daemonLog()->info("{} finished: {}", toString(p.rollout.mode()), p.rollout.status());
  p.reply.finish(applyReply(result));
  for (const auto& a : p.rollout.applyIds()) owner_.erase(a);
  applies_.erase(it);  // callers (report handler, deadline handler) do not touch it afterwards
}

std::string ApplyService::appliedMaster() const {
  auto text = os::readFile(appliedMasterPath());
  if (!text) return {};
  std::string id = text->substr(0, text->find('\n'));
  bool nodeId = id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  return nodeId ? id : std::string();
}

void ApplyService::onNodeJoined() {
  if (!std::filesystem::exists(appliedSpecPath())) return;
  if (autoPending_) return;
  autoPending_ = true;
  autoTimer_.expires_after(kAutoApplyDelay);
  autoTimer_.async_wait([this](const boost::system::error_code& ec) {
    autoPending_ = false;
    if (ec) return;
    auto yaml = os::readFile(appliedSpecPath());
    if (!yaml) return;
    start(ApplyRequest{*yaml, appliedSpecPath().string(), ApplyMode::kApply,
                       std::chrono::duration_cast<std::chrono::milliseconds>(kAutoApplyTimeout)},
          ReplyHandle{});
  });
}

spec::NodeIdentity ApplyService::identityOf(const NodeInfo& n) const {
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

void ApplyService::addUnlistedHosts(const spec::ClusterSpec& spec,
                                    spec::Resolution& resolution) const {
  std::vector<spec::UnlistedNode> unlisted;
  for (const auto& id : resolution.unmatchedNodes) {
    const NodeInfo* n = registry_.find(id);
    if (!n) continue;
    spec::UnlistedNode u{id, n->hostname, {}};
    for (const auto& a : n->facts.value("addresses", nlohmann::json::array())) {
      if (a.is_string()) u.addresses.push_back(a.get<std::string>());
    }
    unlisted.push_back(std::move(u));
  }
  auto extra = spec::extraHostEntries(spec, unlisted);
  for (auto& w : extra.warnings) resolution.warnings.push_back(std::move(w));
  for (auto& node : resolution.nodes) {
    node.config.hosts.insert(node.config.hosts.end(), extra.entries.begin(), extra.entries.end());
  }
}

}  // namespace cb::controller
