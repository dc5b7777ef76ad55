// IPv4 addresses, networks and interface addresses (net/ipv4.hpp).
#include <doctest/doctest.h>

#include <string>

#include "net/ipv4.hpp"

using namespace cb::net;

namespace {
Ipv4 ip(const char* text) {
  auto a = parseIpv4(text);
  REQUIRE_MESSAGE(a, a.error());
  return *a;
}
}  // namespace

TEST_SUITE_BEGIN("net");

TEST_CASE("ipv4: dotted quads round-trip in host byte order") {
  for (const char* good : {"0.0.0.0", "192.168.0.1", "255.255.255.255", "8.8.8.8", "10.0.0.10"}) {
    auto a = parseIpv4(good);
    REQUIRE_MESSAGE(a, good);
    CHECK(a->str() == good);
  }
  CHECK(ip("192.168.0.1").value == 0xc0a80001u);
  CHECK(ip("192.168.0.1").plus(1) == ip("192.168.0.2"));
  CHECK(ip("192.168.0.255").plus(1) == ip("192.168.1.0"));
  CHECK(ip("10.0.0.1") < ip("10.0.0.2"));
}

TEST_CASE("ipv4: everything but four plain decimal octets is refused, naming the value") {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.04", "01.2.3.4", "1.2.3.4 ",
                          " 1.2.3.4", "1..2.3", "a.b.c.d", "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24",
                          "1234.1.1.1", "0x7f.0.0.1", "1.2.3.4.", "::1", "fd00::2"}) {
    CHECK_FALSE_MESSAGE(parseIpv4(bad), bad);
  }
  CHECK(parseIpv4("10.0.0.010").error() ==
        "'10.0.0.010' is not an IPv4 address (octet '010' has a leading zero)");
  CHECK(parseIpv4("10.0.0.256").error() ==
        "'10.0.0.256' is not an IPv4 address (octet 256 is above 255)");
  CHECK(parseIpv4("10.0.0").error() ==
        "'10.0.0' is not an IPv4 address (expected a.b.c.d with octets 0-255)");
  CHECK(parseIpv4("10.0.0.1\n").error() ==
        "'10.0.0.1\\x0a' is not an IPv4 address (expected a.b.c.d with octets 0-255)");
}

TEST_CASE("cidr: a network has no host bits and a plain prefix length 0..32") {
  auto net = parseCidr("192.168.0.0/24");
  REQUIRE(net);
  CHECK(net->str() == "192.168.0.0/24");
  CHECK(net->network() == ip("192.168.0.0"));
  CHECK(net->prefix() == 24);
  CHECK(net->mask() == 0xffffff00u);
  CHECK(net->last() == ip("192.168.0.255"));
  CHECK(net->size() == 256);
  CHECK(parseCidr("0.0.0.0/0")->size() == (std::uint64_t{1} << 32));
  CHECK(parseCidr("0.0.0.0/0")->mask() == 0);
  CHECK(parseCidr("10.1.2.3/32")->size() == 1);

  CHECK(parseCidr("192.168.0.1/24").error() ==
        "'192.168.0.1/24' has host bits set (the network is 192.168.0.0/24)");
  CHECK(parseCidr("192.168.0.0").error() ==
        "'192.168.0.0' is not a network (expected a.b.c.d/len, e.g. 192.168.0.0/24)");
  CHECK(parseCidr("192.168.0.0/024").error() ==
        "'192.168.0.0/024' is not a network (the prefix length must be 0 to 32)");
  CHECK(parseCidr("x/24").error() ==
        "'x/24' is not a network: 'x' is not an IPv4 address (expected a.b.c.d with octets 0-255)");
  for (const char* bad :
       {"192.168.0.0/33", "192.168.0.0/", "192.168.0.0/x", "192.168.0/24", "192.168.0.0/2a",
        "192.168.0.0/-1", "192.168.0.0/+8", "/24", "", "192.168.0.0/24/24", "192.168.0.0 /24"}) {
    CHECK_FALSE_MESSAGE(parseCidr(bad), bad);
  }
}

TEST_CASE("cidr: containment and host addresses") {
  auto net = *parseCidr("192.168.0.0/24");
  CHECK(net.contains(ip("192.168.0.0")));
  CHECK(net.contains(ip("192.168.0.255")));
  CHECK_FALSE(net.contains(ip("192.168.1.0")));
  CHECK_FALSE(net.contains(ip("192.167.255.255")));
  CHECK_FALSE(net.isHostAddress(ip("192.168.0.0")));
  CHECK_FALSE(net.isHostAddress(ip("192.168.0.255")));
  CHECK(net.isHostAddress(ip("192.168.0.1")));
  CHECK(net.isHostAddress(ip("192.168.0.254")));
  CHECK_FALSE(net.isHostAddress(ip("192.168.1.1")));
  auto p2p = *parseCidr("10.0.0.0/31");
  CHECK(p2p.isHostAddress(ip("10.0.0.0")));
  CHECK(p2p.isHostAddress(ip("10.0.0.1")));
  CHECK(parseCidr("10.0.0.7/32")->isHostAddress(ip("10.0.0.7")));

  auto bench = *parseCidr("198.18.0.0/15");
  CHECK(bench.contains(*parseCidr("198.18.0.0/24")));
  CHECK(bench.contains(*parseCidr("198.19.255.0/24")));
  CHECK(bench.contains(bench));
  CHECK_FALSE(bench.contains(*parseCidr("198.16.0.0/14")));
  CHECK_FALSE(bench.contains(*parseCidr("198.20.0.0/24")));
  CHECK(parseCidr("0.0.0.0/0")->contains(bench));

  CHECK(Cidr::containing(ip("192.168.7.9"), 16) == *parseCidr("192.168.0.0/16"));
  CHECK(Cidr::containing(ip("192.168.7.9"), 0) == Cidr());
  CHECK(Cidr().str() == "0.0.0.0/0");
}

TEST_CASE("cidr: a network written with a netmask, as /etc/exports takes it") {
  auto masked = parseNetmaskNetwork("192.168.0.0/255.255.255.0");
  REQUIRE(masked);
  CHECK(*masked == *parseCidr("192.168.0.0/24"));
  CHECK(parseNetmaskNetwork("0.0.0.0/0.0.0.0")->prefix() == 0);
  CHECK(parseNetmaskNetwork("10.0.0.1/255.255.255.255")->prefix() == 32);
  CHECK(parseNetmaskNetwork("192.168.0.0/255.255.0.255").error() ==
        "'192.168.0.0/255.255.0.255' is not a network: the netmask is not contiguous");
  CHECK(parseNetmaskNetwork("192.168.0.1/255.255.255.0").error() ==
        "'192.168.0.1/255.255.255.0' has host bits set (the network is "
        "192.168.0.0/255.255.255.0)");
  CHECK_FALSE(parseNetmaskNetwork("192.168.0.0/24"));
  CHECK_FALSE(parseNetmaskNetwork("192.168.0.0"));
}

TEST_CASE("interface address: a host address of its network with prefix 1..32") {
  auto a = parseIpv4Interface("192.168.0.1/24");
  REQUIRE(a);
  CHECK(a->address == ip("192.168.0.1"));
  CHECK(a->prefix == 24);
  CHECK(a->network().str() == "192.168.0.0/24");
  CHECK(a->str() == "192.168.0.1/24");
  CHECK(parseIpv4Interface("198.18.0.2/15")->network().str() == "198.18.0.0/15");
  CHECK(parseIpv4Interface("10.0.0.1/32"));
  CHECK(parseIpv4Interface("10.0.0.0/31"));
  CHECK(parseIpv4Interface("127.0.0.1/8"));
  CHECK(parseIpv4Interface("192.168.0.0/24").error() ==
        "'192.168.0.0/24' is the network address of 192.168.0.0/24, not a host address");
  CHECK(parseIpv4Interface("192.168.0.255/24").error() ==
        "'192.168.0.255/24' is the broadcast address of 192.168.0.0/24, not a host address");
  CHECK(parseIpv4Interface("192.168.0.1/0").error() ==
        "'192.168.0.1/0': the prefix length must be 1 to 32");
  CHECK(parseIpv4Interface("192.168.0.1").error() ==
        "'192.168.0.1' is not an address with a prefix length (e.g. 192.168.0.1/24)");
  for (const char* bad : {"fd00::2/64", "fe80::1/64", "192.168.0.1/33", "192.168.0.1/024",
                          "192.168.0.01/24", "/24", ""}) {
    CHECK_FALSE_MESSAGE(parseIpv4Interface(bad), bad);
  }
}

TEST_SUITE_END();
