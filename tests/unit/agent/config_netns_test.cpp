// The network and gateway appliers with the real ip, sysctl and iptables, inside a network
// namespace this test creates (198.18.102.0/24) and deletes.
#include <doctest/doctest.h>
#include <unistd.h>

#include "config/config_engine.hpp"
#include "config/gateway_applier.hpp"
#include "config/network_applier.hpp"
#include "unit/agent/config_test_support.hpp"

using namespace cb::agent::config;

namespace {

/// A namespace holding the veth pair cb0 (internal side, down, no address) / cb1 (NAT side, up).
class Namespace {
 public:
  Namespace() : name_("cbcfg-" + std::to_string(::getpid())) {
    REQUIRE(cb::test::run({"ip", "netns", "add", name_}).exitCode == 0);
    REQUIRE(exec({"ip", "link", "add", "cb0", "type", "veth", "peer", "name", "cb1"}).exitCode ==
            0);
    REQUIRE(exec({"ip", "link", "set", "dev", "cb1", "up"}).exitCode == 0);
    REQUIRE(exec({"sysctl", "-w", "net.ipv4.ip_forward=0"}).exitCode == 0);
  }
  ~Namespace() { cb::test::run({"ip", "netns", "delete", name_}); }
  Namespace(const Namespace&) = delete;
  Namespace& operator=(const Namespace&) = delete;

  const std::string& name() const { return name_; }
  cb::test::CommandResult exec(std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {"ip", "netns", "exec", name_});
    return cb::test::run(argv);
  }

 private:
  std::string name_;
};

/// The real runner, each command run inside the namespace; records what it ran.
class NamespaceRunner : public CommandRunner {
 public:
  explicit NamespaceRunner(const std::string& ns) : ns_(ns) {}
  CommandResult run(const std::vector<std::string>& argv) override {
    calls.push_back(displayCommand(argv));
    std::vector<std::string> wrapped{"ip", "netns", "exec", ns_};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return real_->run(wrapped);
  }
  bool available(const std::string& program) override { return real_->available(program); }
  std::vector<std::string> calls;

 private:
  std::string ns_;
  std::unique_ptr<CommandRunner> real_ = makeSystemCommandRunner(std::chrono::seconds(30));
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("network and gateway applied for real in a namespace, once") {
  Namespace ns;
  cb::test::TempRoot root;
  NamespaceRunner runner(ns.name());
  ConfigEnv env{*root.fs, runner, {}};
  auto config = cb::test::masterConfig();
  config.gateway = "198.18.102.254";
  const std::vector<Applier> appliers{networkApplier(), gatewayApplier()};

  const auto first = applyNodeConfig(config, false, env, appliers);
  REQUIRE(first.size() == 2);
  for (const auto& r : first) {
    CAPTURE(r.message);
    CHECK(r.outcome == StepReport::kChanged);
  }
  CHECK(first[0].commands ==
        std::vector<std::string>{"ip link set dev cb0 up", "ip addr add 198.18.102.1/24 dev cb0",
                                 "ip route replace default via 198.18.102.254 dev cb0"});
  CHECK(first[1].commands.size() == 3);

  const auto addr = ns.exec({"ip", "-j", "addr", "show", "dev", "cb0"});
  CHECK(addr.out.find("\"local\":\"198.18.102.1\",\"prefixlen\":24") != std::string::npos);
  CHECK(
      ns.exec({"ip", "route", "show", "default"}).out.find("default via 198.18.102.254 dev cb0") ==
      0);
  CHECK(ns.exec({"sysctl", "-n", "net.ipv4.ip_forward"}).out == "1\n");
  const std::string rule = masqueradeSaveLine(config);
  CHECK(count(ns.exec({"iptables-save", "-t", "nat"}).out, rule) == 1);
  CHECK(count(root.get(kRulesV4Path).value_or(""), rule + "\n") == 1);

  runner.calls.clear();
  const auto second = applyNodeConfig(config, false, env, appliers);
  for (const auto& r : second) CHECK(r.outcome == StepReport::kUnchanged);
  for (const auto& call : runner.calls) {
    CAPTURE(call);
    const bool probe = call.rfind("ip -j ", 0) == 0 || call.rfind("sysctl -n ", 0) == 0 ||
                       call.rfind("iptables -t nat -C ", 0) == 0;
    CHECK(probe);
  }
  CHECK(count(ns.exec({"iptables-save", "-t", "nat"}).out, rule) == 1);
}
