// MPI launches through a real controller and real agents: mpirun runs as the MPI user, and an
// orted launch that is not the job's (an extra MCA key, another program, an HNP URI that is not
// the master) is refused naming the word, with nothing spawned anywhere. mpirun is a stand-in
// on the master agent's PATH that asks for recorded launches (tests/data/mpi) through the real
// launch helper (clusterbench-mpi-rsh) it is given, then writes a real hpccoutf.txt.
#include <doctest/doctest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "os/run_as.hpp"
#include "support/orted_fixture.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;

namespace {

/// mpirun's stand-in: records who runs it, asks for each launch in launches/ through the helper
/// named after plm_rsh_agent (one argument a line: host, then the words), and leaves a real
/// HPCC output file where mpirun's rank 0 would.
constexpr const char* kFakeMpirun = R"(#!/bin/sh
dir=$(dirname "$0")/..
rsh=
prev=
for w in "$@"; do
  [ "$prev" = plm_rsh_agent ] && rsh=$w
  prev=$w
done
id -un > "$dir/out/user"
stat -c %U . > "$dir/out/scratch-owner"
for f in "$dir"/launches/*; do
  name=$(basename "$f")
  xargs -d '\n' -a "$f" "$rsh" > "$dir/out/$name.out" 2>&1
  echo $? > "$dir/out/$name.rc"
done
cp "$dir/hpccoutf.txt" hpccoutf.txt
)";

/// `words` as a launch file: host first, one argument a line.
std::string launchFile(const std::string& host, const std::vector<std::string>& words) {
  std::string out = host + "\n";
  for (const auto& w : words) out += w + "\n";
  return out;
}

std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("orted launches that are not the job's are refused naming the word; nothing spawned") {
  REQUIRE_MESSAGE(::geteuid() == 0, "the agent drops to the MPI user only as root");
  auto mpiUser = cb::os::lookupRunAs("clusterbench-mpi");
  REQUIRE_MESSAGE(mpiUser, mpiUser.error() << " (scripts/install-deps creates it)");

  LocalCluster c;
  auto fake = c.dir() / "fake-mpi";
  for (const char* d : {"bin", "launches", "out"}) std::filesystem::create_directories(fake / d);
  ::chmod(c.dir().c_str(), 0755);
  REQUIRE(::chown((fake / "out").c_str(), mpiUser->uid, mpiUser->gid) == 0);
  REQUIRE(cb::os::writeFileAtomic(fake / "bin" / "mpirun", kFakeMpirun, 0755));
  REQUIRE(cb::os::writeFileAtomic(
      fake / "hpccoutf.txt",
      readAll(std::string(CB_TEST_DATA) + "/hpcc/hpccoutf_np1_n1000_nb80_p1_q1.txt"), 0644));

  // The launches, as mpirun's rsh launcher hands them over (quotes kept); the job's master is
  // 127.0.0.1 (first in its hostfile), 127.0.0.2 its other host.
  auto recorded = cb::test::recordedLaunch("orted_loopback_node1.txt").words;
  auto replaced = [&](const std::string& from, const std::string& to) {
    auto words = recorded;
    for (auto& w : words) {
      if (w == from) w = to;
    }
    return words;
  };
  std::string hnp;
  for (std::size_t i = 0; i + 1 < recorded.size(); ++i) {
    if (recorded[i] == "orte_hnp_uri") hnp = recorded[i + 1];
  }
  REQUIRE(hnp.find("tcp://127.0.0.1:") != std::string::npos);
  auto extraKey = recorded;
  extraKey.insert(extraKey.end(), {"-mca", "orte_launch_agent", "/bin/sh"});
  const std::map<std::string, std::pair<std::vector<std::string>, std::string>> launches = {
      {"extra-key", {extraKey, "'orte_launch_agent'"}},
      {"other-program", {replaced(" orted", "/bin/sh"), "'/bin/sh'"}},
      {"foreign-hnp", {replaced(hnp, "\"1.0;tcp://198.18.0.9:4000\""), "198.18.0.9"}},
      {"hnp-no-port", {replaced(hnp, "\"1.0;tcp://127.0.0.1\""), "'1.0;tcp://127.0.0.1'"}},
      // The job's own launch passes every check; it is refused only because no node is there.
      {"valid", {recorded, "no ready node is 127.0.0.2"}},
  };
  for (const auto& [name, launch] : launches) {
    REQUIRE(cb::os::writeFileAtomic(fake / "launches" / name, launchFile("127.0.0.2", launch.first),
                                    0644));
  }

  const char* path = std::getenv("PATH");
  c.startAgent(0, "", LocalCluster::Enroll::kToken,
               {{"PATH=" + (fake / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")}, {}});
  c.startAgent(1);
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog() << c.agentLog(0));

  auto r = c.cli({"run", "-b", "hpcc-mpi", "-n", c.nodeId(0), "-p", "hosts=127.0.0.1:1,127.0.0.2:1",
                  "-p", "net=127.0.0.0/8", "-p", "job=jobtoken0123456789", "--json"},
                 60s);
  INFO(r.out << r.err << c.agentLog(0) << c.controllerLog());
  REQUIRE(r.exitCode == 0);
  auto run = nlohmann::json::parse(r.out);
  CHECK(run["status"] == "succeeded");
  // mpirun ran as the MPI user in a scratch dir it owns, never as root.
  CHECK(readAll(fake / "out" / "user") == "clusterbench-mpi\n");
  CHECK(readAll(fake / "out" / "scratch-owner") == "clusterbench-mpi\n");

  for (const auto& [name, launch] : launches) {
    INFO(name);
    const auto said = readAll(fake / "out" / (name + ".out"));
    // xargs reports a command that exited with 255 (the helper's refusal) as 124.
    CHECK(readAll(fake / "out" / (name + ".rc")) == "124\n");
    CHECK_MESSAGE(said.find("clusterbench refused the launch") != std::string::npos, said);
    CHECK_MESSAGE(said.find(launch.second) != std::string::npos, said);
  }
  // Refused where they were asked for, logged with the failing word; no agent launched anything.
  const auto controllerLog = c.controllerLog();
  CHECK(controllerLog.find("refused an MPI launch request") != std::string::npos);
  CHECK(controllerLog.find("'orte_launch_agent'") != std::string::npos);
  CHECK(controllerLog.find("orted on") == std::string::npos);
  for (int i = 0; i < 2; ++i) CHECK(c.agentLog(i).find("MPI launch") == std::string::npos);
}
