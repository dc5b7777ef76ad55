// extraHostEntries(): hosts lines for registered nodes the spec does not list are validated like
// the spec's own entries; a bad one is skipped with a warning naming the node and why.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "spec/extra_hosts.hpp"

namespace {

cb::spec::ClusterSpec spec() {
  auto s = cb::spec::parseClusterSpec(
      "name: c\n"
      "network: {cidr: 198.18.0.0/24}\n"
      "master:\n"
      "  hostname: master\n"
      "  address: 198.18.0.2\n"
      "  interface: eth1\n"
      "  nat_interface: eth0\n"
      "workers:\n"
      "  - {hostname: node02, address: 198.18.0.3, interface: eth1}\n",
      "c.yaml");
  REQUIRE_MESSAGE(s, s.error());
  return *s;
}

}  // namespace

TEST_CASE("extra hosts: a valid unlisted node gets a line; what it reports is checked") {
  const std::vector<cb::spec::UnlistedNode> nodes = {
      {"n4", "node04", {"10.0.2.15/24", "198.18.0.4/24"}},  // first address in the network
      {"n5", "Master", {"198.18.0.5/24"}},                  // a spec node's name, other case
      {"n6", "node06", {"198.18.0.3/24"}},                  // a spec node's address
      {"n7", "node07", {"198.18.0.4/24"}},                  // an earlier entry's address
      {"n8", "node04", {"198.18.0.8/24"}},                  // an earlier entry's name
      {"n9", "bad name", {"198.18.0.9/24"}},                // not a host name
      {"na", "-x", {"198.18.0.10/24"}},                     // not a host name (option-like)
      {"nb", "elsewhere", {"10.9.9.9/24"}},                 // outside the network: left out
      {"nc", "node12", {"198.18.0.12/24"}},
  };
  auto out = cb::spec::extraHostEntries(spec(), nodes);
  REQUIRE(out.entries.size() == 2);
  CHECK(out.entries[0] == cb::spec::HostEntry{"198.18.0.4", {"node04"}});
  CHECK(out.entries[1] == cb::spec::HostEntry{"198.18.0.12", {"node12"}});
  REQUIRE(out.warnings.size() == 6);
  CHECK(out.warnings[0] ==
        "node n5 (198.18.0.5): no hosts line: the name 'Master' is taken by the spec or another "
        "node");
  CHECK(out.warnings[1] ==
        "node n6 (198.18.0.3): no hosts line: the address 198.18.0.3 is taken by the spec or "
        "another node");
  CHECK(out.warnings[2].find("node n7 (198.18.0.4): no hosts line: the address") == 0);
  CHECK(out.warnings[3].find("node n8 (198.18.0.8): no hosts line: the name 'node04'") == 0);
  CHECK(out.warnings[4].find("node n9 (198.18.0.9): no hosts line: 'bad name'") == 0);
  CHECK(out.warnings[5].find("node na (198.18.0.10): no hosts line: '-x'") == 0);
}
