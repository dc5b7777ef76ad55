// The network and system value validators shared by the controller and the agent (addresses and
// host names: net_ipv4_test.cpp, net_hostname_test.cpp).
#include <doctest/doctest.h>

#include <string>

#include "spec/net_values.hpp"

using namespace cb::spec;

TEST_SUITE_BEGIN("net-values");

TEST_CASE("net values: cluster names") {
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
