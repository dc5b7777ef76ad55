// `clusterbench doctor` on this machine (set up by scripts/install-deps, run as root): its
// answers agree with what the host really has.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

TEST_CASE("doctor: the checks agree with the host; human and JSON forms") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: the providers are checked as root uses them");
  auto r = cb::test::run({cb::test::bin("clusterbench"), "doctor", "--json"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(j.is_array());
  std::map<std::string, nlohmann::json> c;
  for (const auto& check : j) c[check["name"].get<std::string>()] = check;
  // install-deps installs all of these.
  for (const char* name : {"netns", "loopback", "podman", "nspawn", "qemu", "template image",
                           "sysbench", "stress-ng", "fio", "iperf3", "hpcc", "hpcc-mpi"}) {
    CAPTURE(name);
    REQUIRE(c.count(name));
    CHECK(c[name]["ok"] == true);
    CHECK(c[name]["fix"] == "");
  }
  // KVM and nfsd as the host has them.
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  const bool kvm = fd >= 0;
  if (fd >= 0) ::close(fd);
  CHECK((c["qemu"]["detail"] == "VMs with KVM") == kvm);
  std::ifstream fs("/proc/filesystems");
  std::string all((std::istreambuf_iterator<char>(fs)), {});
  if (all.find("\tnfsd") != std::string::npos) CHECK(c["nfs server"]["ok"] == true);
  if (c["nfs server"]["ok"] == false) CHECK(c["nfs server"]["fix"] != "");
  CHECK(c["iozone"]["ok"] == (::access("/usr/bin/iozone", X_OK) == 0));

  auto human = cb::test::run({cb::test::bin("clusterbench"), "doctor"});
  REQUIRE(human.exitCode == 0);
  CHECK(human.out.rfind("AREA", 0) == 0);
  CHECK(human.out.find("provider  qemu") != std::string::npos);
}
