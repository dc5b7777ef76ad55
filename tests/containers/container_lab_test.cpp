// Labs of containers booted from the template image (DESIGN §7, docs/LAB.md): builds or refreshes
// the image (scripts/build-image, cached in $CLUSTERBENCH_IMAGE_DIR or
// /var/cache/clusterbench/image), starts a 3-node lab, waits for three agents registered from
// inside the containers, runs a short sysbench-cpu across them and tears everything down,
// checking that no container, namespace, link, mount or process is left. Needs root, podman,
// systemd-nspawn and (the first time) the Debian mirror; CTest label "containers".
#include <doctest/doctest.h>

#include <chrono>
#include <iostream>

#include "e2e/lab_fixture.hpp"
#include "os/atomic_file.hpp"

using namespace cb::e2e;
using Clock = std::chrono::steady_clock;

namespace {

std::string imageDir() {
  const char* env = std::getenv("CLUSTERBENCH_IMAGE_DIR");
  return env && *env ? env : "/var/cache/clusterbench/image";
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Builds the image once per test process (a cached build takes seconds; the agent layer is
/// refreshed when this build's agent binary differs from the image's).
void ensureImage() {
  static bool built = false;
  if (built) return;
  auto start = Clock::now();
  auto e = cb::os::runSync({kCli, "image", "build", "--out", imageDir()}, std::chrono::minutes(30));
  REQUIRE_MESSAGE(e.exitCode == 0, "image build failed:\n" << e.out << e.err);
  MESSAGE("image build (or cache check): " << secondsSince(start) << " s");
  built = true;
}

/// Podman containers whose name starts with `prefix-`.
std::vector<std::string> podmanContainersWith(const std::string& prefix) {
  auto e = cb::os::runSync({"podman", "--cgroup-manager=cgroupfs", "--events-backend=file", "ps",
                            "--all", "--format", "{{.Names}}"});
  std::vector<std::string> out;
  for (const auto& l : lines(e.out)) {
    if (l.rfind(prefix + "-", 0) == 0) out.push_back(l);
  }
  return out;
}

/// Mount points at or below `dir`.
std::vector<std::string> mountsUnder(const fs::path& dir) {
  std::vector<std::string> out;
  auto text = cb::os::readFile("/proc/self/mounts");
  for (const auto& l : lines(text ? *text : "")) {
    auto a = l.find(' ');
    auto b = l.find(' ', a + 1);
    std::string target = l.substr(a + 1, b - a - 1);
    if (target.rfind(dir.string(), 0) == 0) out.push_back(target);
  }
  return out;
}

/// Removes what a failed test may have left (containers, mounts) before TestLab's own cleanup.
struct GuestCleanup {
  TestLab& lab;
  ~GuestCleanup() {
    lab.cli({"lab", "down"}, std::chrono::seconds(180));
    for (const auto& c : podmanContainersWith(lab.prefix())) {
      cb::os::runSync(
          {"podman", "--cgroup-manager=cgroupfs", "--events-backend=file", "rm", "--force", c});
    }
    auto mounts = mountsUnder(lab.dir());
    for (auto it = mounts.rbegin(); it != mounts.rend(); ++it) {
      cb::os::runSync({"umount", "--lazy", *it});
    }
  }
};

void runContainerLab(const std::string& provider, const std::string& letters, int subnetOctet) {
  ensureImage();
  TestLab lab(letters, 0);
  GuestCleanup cleanup{lab};
  std::string net = "198.18." + std::to_string(subnetOctet) + ".";
  auto start = Clock::now();
  auto up = lab.cli({"lab",
                     "up",
                     "--provider",
                     provider,
                     "--nodes",
                     "3",
                     "--prefix",
                     lab.prefix(),
                     "--subnet",
                     net + "0/24",
                     "--port",
                     std::to_string(lab.port()),
                     "--metrics-port",
                     "0",
                     "--image-dir",
                     imageDir(),
                     "--node-cpus",
                     "1",
                     "--node-memory",
                     "512",
                     "--json"},
                    std::chrono::seconds(400));
  REQUIRE_MESSAGE(up.exitCode == 0, "lab up failed: " << up.err);
  MESSAGE(provider << ": lab up (3 nodes ready) in " << secondsSince(start) << " s");
  auto upJson = parseJson(up);
  CHECK(upJson["provider"] == provider);
  REQUIRE(upJson["nodes"].size() == 3);
  for (const auto& n : upJson["nodes"]) {
    CHECK(n["state"] == "ready");
    CHECK(n["running"] == true);
  }

  // Registered from inside the containers: the facts say so.
  auto nodes = lab.cli({"nodes", "--json"});
  REQUIRE_MESSAGE(nodes.exitCode == 0, nodes.err);
  auto list = parseJson(nodes);
  REQUIRE(list.size() == 3);
  std::string tech = provider == "podman" ? "podman" : "systemd-nspawn";
  std::set<std::string> hostnames;
  for (const auto& n : list) {
    CHECK(n["state"] == "ready");
    CHECK(n["virt_kind"] == "container");
    CHECK(n["virt_tech"] == tech);
    hostnames.insert(n["hostname"].get<std::string>());
    bool inLab = false;
    for (const auto& a : n["addresses"]) inLab = inLab || a.get<std::string>().rfind(net, 0) == 0;
    CHECK_MESSAGE(inLab, n["addresses"]);
  }
  CHECK(hostnames == std::set<std::string>{"master", "node02", "node03"});
  if (provider == "podman") CHECK(podmanContainersWith(lab.prefix()).size() == 3);
  if (provider == "nspawn") CHECK(mountsUnder(lab.dir()).size() == 3);

  // One short benchmark on every node.
  auto run = lab.cli({"run", "--benchmark", "sysbench-cpu", "--param", "time=3", "--json"},
                     std::chrono::seconds(120));
  REQUIRE_MESSAGE(run.exitCode == 0, run.err);
  auto result = parseJson(run);
  CHECK(result["status"] == "succeeded");
  std::set<std::string> measured;
  for (const auto& r : result["results"]) {
    for (const auto& s : r["samples"]) {
      if (s["metric"] == "events_per_second" && s["value"].get<double>() > 0) {
        measured.insert(r["hostname"].get<std::string>());
      }
    }
  }
  CHECK(measured == hostnames);

  auto status = lab.cli({"lab", "status", "--json"});
  REQUIRE_MESSAGE(status.exitCode == 0, status.err);
  auto pids = labPids(parseJson(status));

  auto downStart = Clock::now();
  auto down = lab.cli({"lab", "down"}, std::chrono::seconds(180));
  CHECK_MESSAGE(down.exitCode == 0, down.err);
  MESSAGE(provider << ": lab down in " << secondsSince(downStart) << " s; whole case "
                   << secondsSince(start) << " s");
  CHECK(podmanContainersWith(lab.prefix()).empty());
  CHECK(mountsUnder(lab.dir()).empty());
  checkNothingLeft(lab, pids);
}

}  // namespace

TEST_CASE("podman lab: 3 containers from the template image register, run sysbench, go away") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: containers and namespaces need root");
  runContainerLab("podman", "cbp", 110 + static_cast<int>(::getpid() % 5));
}

TEST_CASE("nspawn lab: 3 booted containers from the template image register, run, go away") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: containers and namespaces need root");
  runContainerLab("nspawn", "cbn", 115 + static_cast<int>(::getpid() % 5));
}
