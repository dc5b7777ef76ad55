#include <doctest/doctest.h>

#include "registry/registry.hpp"

using namespace std::chrono_literals;
using cb::controller::NodeState;
using cb::controller::Registry;

namespace {
nlohmann::json facts(const std::string& host, const std::string& kind = "vm") {
  return {{"hostname", host}, {"virt_kind", kind}, {"virt_tech", "kvm"}};
}
}  // namespace

TEST_CASE("registration, heartbeats, loss after silence and return") {
  Registry r(900ms);
  cb::controller::TimePoint t0{};
  auto h = r.onHello("a", "route-1", facts("master"), t0);
  CHECK(h.isNew);
  CHECK_FALSE(h.returned);
  r.onHello("b", "route-2", facts("node02", "container"), t0);
  CHECK(r.find("a")->environment == "vm");
  CHECK(r.find("b")->environment == "container");
  CHECK(r.ready().size() == 2);

  CHECK(r.onHeartbeat("a", 1, t0 + 800ms));
  auto lost = r.sweep(t0 + 1000ms);
  CHECK((lost == std::vector<std::string>{"b"}));
  CHECK((r.find("b")->state == NodeState::kLost));
  CHECK(r.sweep(t0 + 1100ms).empty());              // reported once
  CHECK_FALSE(r.onHeartbeat("b", 0, t0 + 1200ms));  // a lost node must say hello again

  auto back = r.onHello("b", "route-3", facts("node02", "container"), t0 + 1300ms);
  CHECK_FALSE(back.isNew);
  CHECK(back.returned);
  CHECK((r.find("b")->state == NodeState::kReady));
  CHECK(r.size() == 2);
  CHECK(r.find("b")->registrations == 2);
  // The old connection no longer maps to the node; the new one does.
  CHECK_FALSE(r.nodeForRouting("route-2"));
  CHECK(*r.nodeForRouting("route-3") == "b");
}

TEST_CASE("lookup by id or hostname and listing order") {
  Registry r(1s);
  cb::controller::TimePoint t0{};
  r.onHello("z", "r1", facts("node03"), t0);
  r.onHello("y", "r2", facts("master"), t0);
  CHECK(r.findByIdOrHostname("master")->nodeId == "y");
  CHECK(r.findByIdOrHostname("z")->hostname == "node03");
  CHECK(r.findByIdOrHostname("ghost") == nullptr);
  auto all = r.all();
  CHECK(all[0]->hostname == "master");
  CHECK(all[1]->hostname == "node03");
  CHECK(r.find("y")->environment == "vm");
  r.onHello("x", "r3", facts("bare1", "none"), t0);
  CHECK(r.find("x")->environment == "bare");
}
