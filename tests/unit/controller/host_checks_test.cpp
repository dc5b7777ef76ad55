// hostChecks(): each provider and tool is ok exactly when what it needs is there, and says what
// to install when not.
#include <doctest/doctest.h>

#include <map>

#include "lab/host_checks.hpp"

namespace {

std::map<std::string, cb::lab::HostCheck> byName(const std::vector<cb::lab::HostCheck>& checks) {
  std::map<std::string, cb::lab::HostCheck> out;
  for (const auto& c : checks) out.emplace(c.name, c);
  return out;
}

}  // namespace

TEST_CASE("host checks: everything present as root, KVM and nfsd: all ok, no fixes") {
  cb::lab::HostFacts f;
  f.root = true;
  f.kvmUsable = true;
  f.nfsServerInKernel = true;
  for (const auto& p : cb::lab::programsToProbe()) f.programs.insert(p);
  auto checks = cb::lab::hostChecks(f);
  REQUIRE(checks.size() == 14);
  for (const auto& c : checks) {
    CAPTURE(c.name);
    CHECK(c.ok);
    CHECK(c.fix.empty());
  }
  CHECK(byName(checks).at("qemu").detail == "VMs with KVM");
}

TEST_CASE("host checks: what is missing is named with the package to install") {
  cb::lab::HostFacts f;
  f.root = true;
  f.programs = {"ip",       "unshare",  "podman", "runc",  "qemu-system-x86_64",
                "qemu-img", "sysbench", "hpcc",   "mpirun"};
  auto c = byName(cb::lab::hostChecks(f));
  CHECK(c.at("netns").ok);
  CHECK(c.at("loopback").ok);
  CHECK_FALSE(c.at("podman").ok);
  CHECK(c.at("podman").detail == "missing: catatonit");
  CHECK(c.at("podman").fix.find("catatonit") != std::string::npos);
  CHECK_FALSE(c.at("nspawn").ok);
  CHECK(c.at("nspawn").fix.find("systemd-container") != std::string::npos);
  // qemu works without KVM, and says it is TCG only.
  CHECK(c.at("qemu").ok);
  CHECK(c.at("qemu").detail.find("TCG only") != std::string::npos);
  CHECK_FALSE(c.at("nfs server").ok);
  CHECK(c.at("nfs server").fix.find("--provider qemu") != std::string::npos);
  CHECK(c.at("sysbench").ok);
  CHECK(c.at("hpcc").ok);
  CHECK_FALSE(c.at("hpcc-mpi").ok);
  CHECK(c.at("hpcc-mpi").detail == "missing: orted");
  CHECK_FALSE(c.at("iozone").ok);
  CHECK(c.at("iozone").fix.find("non-free") != std::string::npos);
}

TEST_CASE("host checks: the providers that need root say so without it") {
  cb::lab::HostFacts f;
  for (const auto& p : cb::lab::programsToProbe()) f.programs.insert(p);
  auto c = byName(cb::lab::hostChecks(f));
  for (const char* name : {"netns", "podman", "nspawn", "qemu", "template image"}) {
    CAPTURE(name);
    CHECK_FALSE(c.at(name).ok);
    CHECK(c.at(name).detail == "needs root");
  }
  CHECK(c.at("loopback").ok);
  CHECK(c.at("sysbench").ok);
}
