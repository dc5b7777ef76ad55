// Host names and peers (net/hostname.hpp).
#include <doctest/doctest.h>

#include <string>

#include "net/hostname.hpp"

using namespace cb::net;

TEST_SUITE_BEGIN("net");

TEST_CASE("host label: one RFC 1123 label, never all digits") {
  for (const char* good : {"master", "node02", "n", "a-b", "0node", "Node02", "x1", "a--b"}) {
    CHECK_MESSAGE(checkHostLabel(good), good);
    CHECK_MESSAGE(checkHostname(good), good);
  }
  CHECK(checkHostLabel(std::string(63, 'a')));
  CHECK_FALSE(checkHostLabel(std::string(64, 'a')));
  for (const char* bad :
       {"", "-node", "node-", "no_de", "node 2", "123", "node.lab", "nöde", "node\n"}) {
    CHECK_FALSE_MESSAGE(checkHostLabel(bad), bad);
  }
  CHECK(checkHostLabel("a\tb").error() ==
        "'a\\x09b' is not an RFC 1123 host name: it has a blank or control character");
  CHECK(checkHostLabel("node_2").error() ==
        "'node_2' is not an RFC 1123 host name: it has '_' (letters, digits and '-' only)");
  CHECK(checkHostLabel("123").error() ==
        "'123' is not an RFC 1123 host name: it has only digits (it would read as an address)");
  CHECK(checkHostLabel("-x").error() ==
        "'-x' is not an RFC 1123 host name: it has a label starting or ending with '-'");
}

TEST_CASE("host name: dotted labels, the last one not numeric, at most 253 characters") {
  for (const char* good : {"node02.cluster.lab", "1.example", "master-0.cluster.local",
                           "xn--bcher-kva.de", "10.0.0.1.example"}) {
    CHECK_MESSAGE(checkHostname(good), good);
  }
  for (const char* bad : {"example.123", "a..b", "a.", ".a", "a.-b", "a.b_c", "1.2.3.4"}) {
    CHECK_FALSE_MESSAGE(checkHostname(bad), bad);
  }
  CHECK(checkHostname(std::string(63, 'a') + ".b"));
  CHECK_FALSE(checkHostname(std::string(64, 'a') + ".b"));
  std::string longest = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                        std::string(63, 'c') + "." + std::string(61, 'd');
  CHECK(longest.size() == 253);
  CHECK(checkHostname(longest));
  CHECK(checkHostname(longest + "d").error() ==
        "'aaaaaaaaaaaaaaaaaaaa'... is not an RFC 1123 host name: longer than 253");
  CHECK(checkHostname("a..b").error() ==
        "'a..b' is not an RFC 1123 host name: it has an empty label");
}

TEST_CASE("host or IPv4: an address or a host name, with the error of the one it looks like") {
  for (const char* good : {"127.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.0.1", "localhost",
                           "node01", "master-0.cluster.local", "1node", "a", "10.0.0.1.example"}) {
    CHECK_MESSAGE(checkHostOrIpv4(good), good);
  }
  for (const char* bad : {"", "256.1.1.1", "1234.1.1.1", "12345", "1.2.3", "1.2.3.04", "-x", "a b",
                          "1.2.3.4; rm -rf /", "node_1", "fd00::1", "*.lab"}) {
    CHECK_FALSE_MESSAGE(checkHostOrIpv4(bad), bad);
  }
  CHECK(checkHostOrIpv4("256.1.1.1").error() ==
        "'256.1.1.1' is not an IPv4 address (octet 256 is above 255)");
  CHECK(checkHostOrIpv4("node_1").error() ==
        "'node_1' is not an RFC 1123 host name: it has '_' (letters, digits and '-' only)");
  std::string longName;
  for (int i = 0; i < 64; ++i) longName += "abc.";
  longName += "d";  // 257 characters
  CHECK_FALSE(checkHostOrIpv4(longName));
}

TEST_SUITE_END();
