// Group commit in the SQLite store: writes between beginBatch() and endBatch() become durable
// together, a failing write undoes only itself, and a process killed before endBatch() leaves
// nothing of the batch. Real database files, a real second connection and real child processes.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::store::AgentKeyRecord;
using cb::store::ResultRecord;
using cb::store::Store;

namespace {

std::unique_ptr<Store> openStore(const fs::path& path) {
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error()));
  return std::move(store).value();
}

std::unique_ptr<Store> openReader(const fs::path& path) {
  auto store = Store::openReadOnly(path);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error()));
  return std::move(store).value();
}

ResultRecord result(std::int64_t runId, const std::string& taskId) {
  ResultRecord r;
  r.runId = runId;
  r.taskId = taskId;
  r.nodeId = "n-" + taskId;
  r.hostname = "host-" + taskId;
  r.status = "succeeded";
  r.samples = {{"completed", 1, "", {}}};
  return r;
}

AgentKeyRecord key(const std::string& publicKey, const std::string& nodeId) {
  AgentKeyRecord k;
  k.publicKey = publicKey;
  k.state = "accepted";
  k.nodeId = nodeId;
  k.firstSeen = k.lastSeen = 1;
  return k;
}

/// Runs `body` in a forked child that is then killed with SIGKILL (it stops itself first so the
/// kill lands after `body` returned, never during it).
template <typename Body>
void inChildKilledAfter(Body body) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    body();
    ::raise(SIGSTOP);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, WUNTRACED) == pid);
  REQUIRE(WIFSTOPPED(status));
  ::kill(pid, SIGKILL);
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}

}  // namespace

TEST_CASE("store batch: writes are visible to other connections only after endBatch") {
  cb::test::TempDir dir;
  auto path = dir.path() / "results.db";
  auto store = openStore(path);
  auto run = store->createRun("noop", "{}", 1);
  REQUIRE(run.ok());

  REQUIRE(store->beginBatch().ok());
  for (int i = 0; i < 50; ++i) {
    auto added = store->addResult(result(*run, "t" + std::to_string(i)));
    REQUIRE(added.ok());
    CHECK(*added);
  }
  REQUIRE(store->putAgentKey(key(std::string(40, 'k'), "node-a")).ok());
  // The writer sees its own batch; another connection does not, yet.
  CHECK(store->resultsForRun(*run).size() == 50);
  CHECK(openReader(path)->resultsForRun(*run).empty());
  CHECK(openReader(path)->agentKeys().empty());

  REQUIRE(store->endBatch().ok());
  CHECK(openReader(path)->resultsForRun(*run).size() == 50);
  CHECK(openReader(path)->agentKeys().size() == 1);
  // Ending without a batch is a no-op; a second begin while open is refused.
  CHECK(store->endBatch().ok());
  REQUIRE(store->beginBatch().ok());
  CHECK_FALSE(store->beginBatch().ok());
  CHECK(store->endBatch().ok());
}

TEST_CASE("store batch: a failing write undoes only itself, a duplicate is reported as such") {
  cb::test::TempDir dir;
  auto path = dir.path() / "results.db";
  auto store = openStore(path);
  auto run = store->createRun("noop", "{}", 1);
  REQUIRE(run.ok());
  REQUIRE(store->addResult(result(*run, "old")).ok());

  REQUIRE(store->beginBatch().ok());
  REQUIRE(store->putAgentKey(key(std::string(40, 'a'), "node-a")).ok());
  // Another key claiming node-a violates the unique node id: refused, the batch goes on.
  CHECK_FALSE(store->putAgentKey(key(std::string(40, 'b'), "node-a")).ok());
  auto dup = store->addResult(result(*run, "old"));
  REQUIRE(dup.ok());
  CHECK_FALSE(*dup);
  auto fresh = store->addResult(result(*run, "new"));
  REQUIRE(fresh.ok());
  CHECK(*fresh);
  REQUIRE(store->finishRun(*run, "succeeded", 2).ok());
  REQUIRE(store->endBatch().ok());

  auto reader = openReader(path);
  auto keys = reader->agentKeys();
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].publicKey == std::string(40, 'a'));
  CHECK(reader->resultsForRun(*run).size() == 2);
  CHECK(reader->run(*run)->status == "succeeded");
}

TEST_CASE("store batch: a process killed before endBatch leaves nothing of the batch") {
  cb::test::TempDir dir;
  auto path = dir.path() / "results.db";
  std::int64_t runId = 0;
  {
    auto store = openStore(path);
    auto run = store->createRun("noop", "{}", 1);
    REQUIRE(run.ok());
    runId = *run;
  }
  // Killed with the batch open: none of its 20 results survive.
  inChildKilledAfter([&] {
    auto store = Store::open(path);
    if (!store.ok() || !(*store)->beginBatch().ok()) ::_exit(2);
    for (int i = 0; i < 20; ++i) (void)(*store)->addResult(result(runId, "a" + std::to_string(i)));
  });
  CHECK(openReader(path)->resultsForRun(runId).empty());

  // Killed right after endBatch returned: all of them survive.
  inChildKilledAfter([&] {
    auto store = Store::open(path);
    if (!store.ok() || !(*store)->beginBatch().ok()) ::_exit(2);
    for (int i = 0; i < 20; ++i) (void)(*store)->addResult(result(runId, "b" + std::to_string(i)));
    if (!(*store)->endBatch().ok()) ::_exit(3);
  });
  auto stored = openStore(path)->resultsForRun(runId);
  CHECK(stored.size() == 20);
  for (const auto& r : stored) CHECK(r.taskId.rfind("b", 0) == 0);
}
