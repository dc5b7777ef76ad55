// The controller's state dir on a small tmpfs that fills up mid-run: the result cannot be
// committed, so nothing is acknowledged (the agent keeps it in its outbox), the run does not
// end, /metrics says the store is not writable; once space is back the agent's re-send is
// stored exactly once and the run ends. Real controller, real agent, a real full filesystem.
// Faults injected: one (ENOSPC on the state dir for about 8 s).
#include <doctest/doctest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <future>
#include <thread>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/http.hpp"

using cb::test::LocalCluster;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

/// Moves `dir`'s regular files onto a fresh tmpfs of `size` mounted on `dir`; unmounts on exit.
class TmpfsStateDir {
 public:
  TmpfsStateDir(const fs::path& dir, const std::string& size) : dir_(dir) {
    auto saved = dir.parent_path() / (dir.filename().string() + ".saved");
    fs::create_directories(saved);
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file()) fs::copy_file(e.path(), saved / e.path().filename());
    }
    const int rc = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + size + ",mode=0700").c_str());
    const std::string why = rc == 0 ? "" : std::string("mount tmpfs: ") + std::strerror(errno);
    REQUIRE_MESSAGE(rc == 0, why);
    mounted_ = true;
    for (const auto& e : fs::directory_iterator(saved)) {
      fs::copy_file(e.path(), dir / e.path().filename());
      fs::permissions(dir / e.path().filename(), fs::status(e.path()).permissions());
    }
  }
  ~TmpfsStateDir() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

/// Writes zeros to `file` until the filesystem is full (bounded to 64 MiB).
void fillUp(const fs::path& file) {
  std::ofstream out(file, std::ios::binary);
  std::string chunk(64 * 1024, '\0');
  for (int i = 0; i < 1024 && out; ++i) {
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    out.flush();
  }
}

std::size_t outboxEntries(const fs::path& agentDir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(agentDir / "outbox", ec)) {
    n += e.path().extension() == ".bin";
  }
  return n;
}

std::string metrics(const LocalCluster& c) {
  auto info = nlohmann::json::parse(*cb::os::readFile(c.stateDir() / "controller.json"));
  return cb::test::httpGet(info["metrics_url"].get<std::string>());
}

bool hasLine(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("a full state dir acknowledges nothing; the result is stored once when space is back") {
  REQUIRE_MESSAGE(::geteuid() == 0, "this test mounts a tmpfs: run it as root");
  LocalCluster c;
  const int port = c.port();
  c.stopController();
  TmpfsStateDir tmpfs(c.stateDir(), "8m");
  c.startController(port);
  c.startAgent(0);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), c.controllerLog());

  // A 4 s benchmark; the disk fills up while it runs.
  auto run = std::async(std::launch::async, [&] {
    return c.cli({"run", "-b", "sysbench-cpu", "-p", "time=4", "-p", "cpu-max-prime=2000",
                  "--json"},
                 120s);
  });
  std::this_thread::sleep_for(1500ms);
  const fs::path filler = c.stateDir() / "filler";
  fillUp(filler);

  // The result arrives (in the agent's outbox), the commit fails: no ack, no end of the run.
  const fs::path agentDir = c.dir() / "agent0";
  REQUIRE_MESSAGE(cb::test::waitFor([&] { return outboxEntries(agentDir) == 1; }, 20s),
                  c.agentLog(0));
  bool failing = cb::test::waitFor(
      [&] { return hasLine(metrics(c), "clusterbench_store_writable 0"); }, 20s);
  REQUIRE_MESSAGE(failing, std::string(c.controllerLog() + "\n" + metrics(c)));
  std::this_thread::sleep_for(6s);  // at least one re-send of the agent meets the full disk too
  CHECK(outboxEntries(agentDir) == 1);
  CHECK(run.wait_for(0s) == std::future_status::timeout);
  CHECK(c.controllerLog().find("results store:") != std::string::npos);

  // Space is back: the next re-send is stored, acknowledged, and ends the run.
  fs::remove(filler);
  REQUIRE(run.wait_for(60s) == std::future_status::ready);
  auto r = run.get();
  REQUIRE_MESSAGE(r.exitCode == 0, std::string(r.err + c.controllerLog() + c.agentLog(0)));
  auto reply = nlohmann::json::parse(r.out);
  CHECK(reply["status"] == "succeeded");
  REQUIRE(reply["results"].size() == 1);
  CHECK(reply["results"][0]["status"] == "succeeded");
  CHECK_FALSE(reply["results"][0]["samples"].empty());
  CHECK(cb::test::waitFor([&] { return outboxEntries(agentDir) == 0; }, 10s));

  const std::string runId = std::to_string(reply["run_id"].get<std::int64_t>());
  auto stored = c.cli({"results", "--run", runId, "--json"}, 10s);
  REQUIRE(stored.exitCode == 0);
  CHECK(nlohmann::json::parse(stored.out).at(0)["results"].size() == 1);
  CHECK(hasLine(metrics(c), "clusterbench_store_writable 1"));
  c.stopController();
}
