// The network and system value validators shared by the controller and the agent.
#include <doctest/doctest.h>

#include <string>

#include "spec/net_values.hpp"

using namespace cb::spec;

TEST_SUITE_BEGIN("net-values");

TEST_CASE("net values: IPv4 addresses") {
  for (const char* good : {"0.0.0.0", "192.168.0.1", "255.255.255.255", "8.8.8.8"}) {
    auto a = parseIpv4(good);
    REQUIRE_MESSAGE(a, good);
    CHECK(formatIpv4(*a) == good);
  }
  CHECK(*parseIpv4("192.168.0.1") == 0xc0a80001u);
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.04", "1.2.3.4 ", " 1.2.3.4",
                          "1..2.3", "a.b.c.d", "1.2.3.-4", "1.2.3.4/24", "1234.1.1.1"}) {
    CHECK_FALSE_MESSAGE(parseIpv4(bad), bad);
  }
  CHECK(parseIpv4("10.0.0.010").error() ==
        "'10.0.0.010' is not an IPv4 address (octet '010' has a leading zero)");
}

TEST_CASE("net values: networks") {
  auto net = parseCidr("192.168.0.0/24");
  REQUIRE(net);
  CHECK(net->str() == "192.168.0.0/24");
  CHECK(net->last() == *parseIpv4("192.168.0.255"));
  CHECK(net->contains(*parseIpv4("192.168.0.255")));
  CHECK_FALSE(net->contains(*parseIpv4("192.168.1.0")));
  CHECK_FALSE(net->isHostAddress(*parseIpv4("192.168.0.0")));
  CHECK_FALSE(net->isHostAddress(*parseIpv4("192.168.0.255")));
  CHECK(net->isHostAddress(*parseIpv4("192.168.0.254")));
  auto p2p = parseCidr("10.0.0.0/31");
  REQUIRE(p2p);
  CHECK(p2p->isHostAddress(*parseIpv4("10.0.0.0")));
  CHECK(p2p->isHostAddress(*parseIpv4("10.0.0.1")));
  CHECK(parseCidr("0.0.0.0/0"));
  CHECK(parseCidr("10.1.2.3/32"));
  CHECK(parseCidr("192.168.0.1/24").error() ==
        "'192.168.0.1/24' has host bits set (the network is 192.168.0.0/24)");
  CHECK(parseCidr("192.168.0.0").error() ==
        "'192.168.0.0' is not a network (expected a.b.c.d/len, e.g. 192.168.0.0/24)");
  for (const char* bad :
       {"192.168.0.0/33", "192.168.0.0/", "192.168.0.0/024", "192.168.0.0/x", "192.168.0/24"}) {
    CHECK_FALSE_MESSAGE(parseCidr(bad), bad);
  }
  auto masked = parseNetmaskNetwork("192.168.0.0/255.255.255.0");
  REQUIRE(masked);
  CHECK(masked->str() == "192.168.0.0/24");
  CHECK(parseNetmaskNetwork("192.168.0.0/255.255.0.255").error() ==
        "'192.168.0.0/255.255.0.255' is not a network: the netmask is not contiguous");
  CHECK(parseNetmaskNetwork("192.168.0.1/255.255.255.0").error() ==
        "'192.168.0.1/255.255.255.0' has host bits set (the network is "
        "192.168.0.0/255.255.255.0)");
}

TEST_CASE("net values: interface addresses") {
  auto a = parseIpv4Interface("192.168.0.1/24");
  REQUIRE(a);
  CHECK(a->network().str() == "192.168.0.0/24");
  CHECK(parseIpv4Interface("10.0.0.1/32"));
  CHECK(parseIpv4Interface("10.0.0.0/31"));
  CHECK(parseIpv4Interface("192.168.0.0/24").error() ==
        "'192.168.0.0/24' is the network address of 192.168.0.0/24, not a host address");
  CHECK_FALSE(parseIpv4Interface("192.168.0.1/0"));
  CHECK_FALSE(parseIpv4Interface("192.168.0.1"));
}

TEST_CASE("net values: host names") {
  for (const char* good : {"master", "node02", "n", "a-b", "0node", "Node02", "x1"}) {
    CHECK_MESSAGE(checkHostLabel(good), good);
    CHECK_MESSAGE(checkHostname(good), good);
  }
  CHECK(checkHostLabel(std::string(63, 'a')));
  CHECK_FALSE(checkHostLabel(std::string(64, 'a')));
  for (const char* bad : {"", "-node", "node-", "no_de", "node 2", "123", "node.lab", "nöde"}) {
    CHECK_FALSE_MESSAGE(checkHostLabel(bad), bad);
  }
  CHECK(checkHostname("node02.cluster.lab"));
  CHECK(checkHostname("1.example"));
  CHECK_FALSE(checkHostname("example.123"));
  CHECK_FALSE(checkHostname("a..b"));
  CHECK_FALSE(checkHostname("a."));
  std::string longest = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                        std::string(63, 'c') + "." + std::string(61, 'd');
  CHECK(longest.size() == 253);
  CHECK(checkHostname(longest));
  CHECK_FALSE(checkHostname(longest + "d"));
  CHECK(checkHostLabel("a\tb").error() ==
        "'a\\x09b' is not an RFC 1123 host name: it has a blank or control character");
  CHECK(checkClusterName("hpc-lab"));
  for (const char* bad : {"", "-lab", "lab-", "Lab", "lab_1"}) {
    CHECK_FALSE_MESSAGE(checkClusterName(bad), bad);
  }
}

TEST_CASE("net values: absolute clean paths") {
  for (const char* good : {"/shared", "/srv/nfs/shared", "/a.b", "/..a", "/a..", "/.hidden"}) {
    CHECK_MESSAGE(checkAbsolutePath(good), good);
  }
  for (const char* bad : {"", "/", "shared", "./shared", "/shared/", "//shared", "/a//b", "/a/./b",
                          "/a/../b", "/..", "/a/.", "/sha red", "/a\nb", "/a\x7f"}) {
    CHECK_FALSE_MESSAGE(checkAbsolutePath(bad), bad);
  }
  CHECK(checkAbsolutePath("/").error() ==
        "'/' is not an absolute clean path: it is the root directory itself");
  CHECK(checkAbsolutePath("/" + std::string(4094, 'a')));
  CHECK_FALSE(checkAbsolutePath("/" + std::string(4095, 'a')));
}

TEST_CASE("net values: interface names, MACs and package names") {
  for (const char* good : {"eth0", "enp0s8", "cb-node02", "br_0", "vlan.100", "abcdefghijklmno"}) {
    CHECK_MESSAGE(checkInterfaceName(good), good);
  }
  for (const char* bad :
       {"", ".", "..", "abcdefghijklmnop", "a/b", "eth0:1", "eth 0", "-eth0", "eth0\n", "eth@0"}) {
    CHECK_FALSE_MESSAGE(checkInterfaceName(bad), bad);
  }
  CHECK(checkMac("08:00:27:be:2e:41"));
  CHECK(checkMac("08:00:27:BE:2E:41"));
  CHECK(normalizeMac("08:00:27:BE:2E:41") == "08:00:27:be:2e:41");
  for (const char* bad : {"", "08:00:27:be:2e", "08-00-27-be-2e-41", "08:00:27:be:2e:4g",
                          "080027be2e41", "08:00:27:be:2e:41:"}) {
    CHECK_FALSE_MESSAGE(checkMac(bad), bad);
  }
  for (const char* good : {"nfs-common", "nfs-kernel-server", "g++", "libc6.1", "7zip"}) {
    CHECK_MESSAGE(checkPackageName(good), good);
  }
  for (const char* bad : {"", "a", "-x", "+x", "NFS", "nfs common", "nfs_common", "autofs;rm"}) {
    CHECK_FALSE_MESSAGE(checkPackageName(bad), bad);
  }
}

TEST_CASE("net values: export options") {
  for (const char* good :
       {"rw,sync,no_root_squash,no_subtree_check", "ro", "rw,async,insecure,no_wdelay", "rw,fsid=0",
        "ro,fsid=root", "rw,all_squash,anonuid=1000,anongid=1000", "rw,sec=krb5p",
        "rw,sec=sys:krb5:krb5i", "rw,crossmnt,nohide,secure,wdelay,subtree_check,root_squash"}) {
    CHECK_MESSAGE(checkExportOptions(good), good);
  }
  CHECK(checkExportOptions("").error() == "'': no export options");
  CHECK(checkExportOptions("rw,,sync").error() ==
        "'rw,,sync': empty export option (two commas or a comma at an end)");
  CHECK(checkExportOptions("rw,sync,").error() ==
        "'rw,sync,': empty export option (two commas or a comma at an end)");
  CHECK(checkExportOptions("rw,async,sync").error() ==
        "'rw,async,sync': 'sync' contradicts 'async'");
  CHECK(checkExportOptions("root_squash,no_root_squash").error() ==
        "'root_squash,no_root_squash': 'no_root_squash' contradicts 'root_squash'");
  CHECK(checkExportOptions("rw=1").error() == "'rw=1': 'rw' takes no value");
  CHECK(checkExportOptions("fsid").error() == "'fsid': 'fsid' needs a value");
  CHECK(checkExportOptions("fsid=x").error() == "'fsid=x': 'fsid=x': expected a number or root");
  CHECK(checkExportOptions("anonuid=4294967295").error() ==
        "'anonuid=4294967295': 'anonuid=4294967295': expected a number from 0 to 4294967294");
  CHECK(checkExportOptions("anonuid=-1").error() ==
        "'anonuid=-1': 'anonuid=-1': expected a number from 0 to 4294967294");
  CHECK(checkExportOptions("sec=sys:sys").error() ==
        "'sec=sys:sys': 'sec=sys:sys': expected distinct flavors from sys, krb5, krb5i, krb5p "
        "separated by ':'");
  CHECK(checkExportOptions("rw,sync,no_root_squash(x)").error().find("unknown export option") !=
        std::string::npos);
  CHECK(checkExportOptions("rw sync").error().find("unknown export option 'rw sync'") !=
        std::string::npos);
}

TEST_CASE("net values: export clients") {
  for (const char* good :
       {"192.168.0.0/24", "192.168.0.0/255.255.255.0", "192.168.0.7", "node02", "node02.lab"}) {
    CHECK_MESSAGE(checkExportClient(good), good);
  }
  for (const char* bad :
       {"*", "*.lab", "192.168.0.1/24", "192.168.0.0/255.0.255.0", "@group", "node02(rw)", ""}) {
    CHECK_FALSE_MESSAGE(checkExportClient(bad), bad);
  }
}

TEST_CASE("net values: autofs options and NFS sources") {
  for (const char* good : {"-fstype=nfs,rw", "-fstype=nfs4,ro,soft,intr", "-rw,hard,nolock",
                           "-fstype=nfs,rw,vers=4.2,proto=tcp,port=2049,rsize=1048576"}) {
    CHECK_MESSAGE(checkAutofsOptions(good), good);
  }
  CHECK(checkAutofsOptions("-fstype=cifs,rw").error() ==
        "'-fstype=cifs,rw': 'fstype=cifs': expected nfs or nfs4");
  CHECK(checkAutofsOptions("-").error() == "'-': no autofs options");
  CHECK(checkAutofsOptions("-rw,tcp,proto=udp").error() ==
        "'-rw,tcp,proto=udp': 'proto' contradicts 'tcp'");
  CHECK(checkAutofsOptions("-vers=3,nfsvers=4").error() ==
        "'-vers=3,nfsvers=4': 'nfsvers' contradicts 'vers'");
  CHECK(checkAutofsOptions("-fstype=nfs,rw,uid=0").error() ==
        "'-fstype=nfs,rw,uid=0': unknown autofs option 'uid' (did you mean suid?)");
  CHECK(checkAutofsOptions("-port=65536").error() ==
        "'-port=65536': 'port=65536': expected a number from 0 to 65535");

  auto s = parseNfsSource("master:/shared");
  REQUIRE(s);
  CHECK(s->host == "master");
  CHECK(s->path == "/shared");
  auto ip = parseNfsSource("192.168.0.1:/shared");
  REQUIRE(ip);
  CHECK(ip->host == "192.168.0.1");
  for (const char* bad : {"master", "master:", ":/shared", "master:/", "master:/a/../b",
                          "-o:/shared", "192.168.0.300:/shared", "master:shared"}) {
    CHECK_FALSE_MESSAGE(parseNfsSource(bad), bad);
  }
}

TEST_SUITE_END();
