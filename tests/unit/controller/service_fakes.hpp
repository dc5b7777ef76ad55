#pragma once
// Fakes for unit tests of the controller's services (no sockets): an AgentLink that records what
// would go to agents, a ControlSink that records control replies, and registry helpers.
#include <capnp/message.h>

#include <chrono>
#include <doctest/doctest.h>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli/reply_json.hpp"
#include "control/control_decode.hpp"
#include "daemon/agent_link.hpp"
#include "daemon/reply_handle.hpp"
#include "registry/registry.hpp"
#include "schemas/control.capnp.h"
#include "schemas/protocol.capnp.h"
#include "wire/codec.hpp"
#include "wire/envelope.hpp"

namespace cb::test {

struct SentEnvelope {
  std::string nodeId;
  std::string bytes;
  proto::Envelope::Body::Which kind() const {
    return wire::readEnvelope(bytes)->envelope.getBody().which();
  }
  /// The decoded envelope (kept alive by the returned holder).
  wire::Incoming read() const { return *wire::readEnvelope(bytes); }
};

/// Records every send; nodes in `down` refuse (send returns false).
class FakeLink final : public controller::AgentLink {
 public:
  bool send(const std::string& nodeId, const std::string& bytes) override {
    if (down.count(nodeId)) return false;
    sent.push_back({nodeId, bytes});
    return true;
  }
  std::vector<SentEnvelope> of(proto::Envelope::Body::Which kind) const {
    std::vector<SentEnvelope> out;
    for (const auto& s : sent) {
      if (s.kind() == kind) out.push_back(s);
    }
    return out;
  }
  std::vector<SentEnvelope> sent;
  std::set<std::string> down;
};

/// One control reply as the client would see it.
struct ControlReply {
  std::string peer;
  std::string kind;   // "progress", "json", "error", or the typed member: "keys", "run", ...
  std::string text;   // the progress line, the JSON text (apply: its --json) or the error
  std::string bytes;  // the encoded Reply (for control_decode.hpp)
};

class FakeSink final : public controller::ControlSink {
 public:
  void sendTo(const std::string& peer, const std::string& bytes) override {
    auto decoded = wire::decode(bytes);
    REQUIRE(decoded);
    auto body = (*decoded)->root<ctl::Reply>().getBody();
    switch (body.which()) {
      case ctl::Reply::Body::PROGRESS:
        replies.push_back({peer, "progress", body.getProgress(), bytes});
        break;
      case ctl::Reply::Body::JSON:
        replies.push_back({peer, "json", body.getJson(), bytes});
        break;
      case ctl::Reply::Body::ERROR:
        replies.push_back({peer, "error", body.getError(), bytes});
        break;
      case ctl::Reply::Body::KEYS:
        replies.push_back({peer, "keys", std::to_string(body.getKeys().size()), bytes});
        break;
      case ctl::Reply::Body::NODES:
        replies.push_back({peer, "nodes", "", bytes});
        break;
      case ctl::Reply::Body::STATUS:
        replies.push_back({peer, "status", "", bytes});
        break;
      case ctl::Reply::Body::RUNS:
        replies.push_back({peer, "runs", "", bytes});
        break;
      case ctl::Reply::Body::RUN:
        replies.push_back({peer, "run", "", bytes});
        break;
      case ctl::Reply::Body::SUITE:
        replies.push_back({peer, "suite", "", bytes});
        break;
      case ctl::Reply::Body::CANCELLED:
        replies.push_back({peer, "cancelled", "", bytes});
        break;
      case ctl::Reply::Body::STOPPING:
        replies.push_back({peer, "stopping", "", bytes});
        break;
      case ctl::Reply::Body::APPLY: {
        auto apply = control::decodeApply(body);
        REQUIRE(apply);
        replies.push_back({peer, "apply", cli::applyJson(*apply).dump(), bytes});
        break;
      }
      case ctl::Reply::Body::SUITES:
        replies.push_back({peer, "suites", std::to_string(body.getSuites().size()), bytes});
        break;
    }
  }
  /// The final replies (everything but progress) in order.
  std::vector<ControlReply> finals() const {
    std::vector<ControlReply> out;
    for (const auto& r : replies) {
      if (r.kind != "progress") out.push_back(r);
    }
    return out;
  }
  std::vector<ControlReply> replies;
};

/// Registers a ready node with the facts the agent would report.
inline void addNode(controller::Registry& registry, const std::string& nodeId,
                    const std::string& hostname, const std::string& address,
                    const std::string& environment = "container") {
  registry.onHello(nodeId, "route-" + nodeId,
                   {{"hostname", hostname},
                    {"virt_kind", environment},
                    {"virt_tech", "podman"},
                    {"cpu_count", 2},
                    {"addresses", {address}},
                    {"macs", nlohmann::json::array()},
                    {"interfaces", {"lo", "eth0"}}},
                   std::chrono::steady_clock::now());
}

/// A capnp message of type T filled by `fill`, readable for as long as the holder lives.
template <typename T>
struct Built {
  capnp::MallocMessageBuilder mb;
  typename T::Reader reader() { return mb.getRoot<T>().asReader(); }
};
template <typename T, typename Fill>
std::unique_ptr<Built<T>> build(Fill&& fill) {
  auto b = std::make_unique<Built<T>>();
  fill(b->mb.template initRoot<T>());
  return b;
}

}  // namespace cb::test
