#include <doctest/doctest.h>

#include "daemon/mpi_relay.hpp"
#include "service_fakes.hpp"
#include "support/orted_fixture.hpp"

using namespace std::chrono_literals;
using cb::controller::MpiJob;
using cb::controller::MpiRelay;
using cb::controller::Registry;
using Body = cb::proto::Envelope::Body;

namespace {
const std::string kMaster = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kWorker = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const std::string kOther = "cccccccccccccccccccccccccccccccc";

auto spawnRequest(const std::string& token, const std::string& host,
                  std::vector<std::string> words) {
  return cb::test::build<cb::proto::SpawnRequest>([&](auto b) {
    b.setSpawnId("local-1");
    b.setJobToken(token);
    b.setHost(host);
    auto list = b.initWords(static_cast<unsigned>(words.size()));
    for (unsigned i = 0; i < words.size(); ++i) list.set(i, words[i]);
  });
}

/// A launch recorded from a real mpirun (tests/data/mpi), calling back to the master 198.18.0.1,
/// plus `extra` words.
std::vector<std::string> ortedWords(std::vector<std::string> extra = {}) {
  auto words = cb::test::recordedLaunch("orted_loopback_node1.txt").words;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "orte_hnp_uri") words[i + 1] = "\"832765952.0;tcp://198.18.0.1:51427\"";
  }
  words.insert(words.end(), extra.begin(), extra.end());
  return words;
}

struct Cluster {
  Cluster() : registry(10s), relay(link, registry) {
    cb::test::addNode(registry, kMaster, "master", "198.18.0.1/24");
    cb::test::addNode(registry, kWorker, "node02", "198.18.0.2/24");
    cb::test::addNode(registry, kOther, "node03", "198.18.0.3/24");
    relay.addJob(MpiJob{
        "job-token-1", 7, kMaster, {"198.18.0.1", "198.18.0.2"}, {"198.18.0.1/24", "198.18.0.1"}});
  }
  cb::test::FakeLink link;
  Registry registry;
  MpiRelay relay;
};
}  // namespace

TEST_CASE("mpi relay: the job's master launches orted on a job host; output and exit return") {
  Cluster c;
  auto words = ortedWords();
  auto req = spawnRequest("job-token-1", "198.18.0.2", words);
  c.relay.onSpawnRequest(kMaster, req->reader());
  auto spawns = c.link.of(Body::SPAWN);
  REQUIRE(spawns.size() == 1);
  CHECK(spawns[0].nodeId == kWorker);
  auto in = spawns[0].read();
  auto spawn = in.envelope.getBody().getSpawn();
  std::string spawnId = spawn.getSpawnId();
  REQUIRE(spawn.getArgv().size() == words.size());
  CHECK(std::string(spawn.getArgv()[0].cStr()) == "orted");
  CHECK(std::string(spawn.getArgv()[19].cStr()) == "832765952.0;tcp://198.18.0.1:51427");
  // The target agent checks the command again against the same master addresses.
  REQUIRE(spawn.getMasterAddresses().size() == 2);
  CHECK(std::string(spawn.getMasterAddresses()[0].cStr()) == "198.18.0.1/24");
  CHECK(c.relay.routes() == 1);

  auto out = cb::test::build<cb::proto::SpawnOutput>([&](auto b) {
    b.setSpawnId(spawnId);
    b.setStream(1);
    b.setData(kj::StringPtr("hello\n").asBytes());
  });
  c.relay.onSpawnOutput(kWorker, out->reader());
  auto relayed = c.link.of(Body::SPAWN_OUTPUT);
  REQUIRE(relayed.size() == 1);
  CHECK(relayed[0].nodeId == kMaster);
  auto rin = relayed[0].read();
  CHECK(std::string(rin.envelope.getBody().getSpawnOutput().getSpawnId().cStr()) == "local-1");

  auto exit = cb::test::build<cb::proto::SpawnExit>([&](auto b) {
    b.setSpawnId(spawnId);
    b.setExitCode(0);
  });
  c.relay.onSpawnExit(kWorker, exit->reader());
  auto exits = c.link.of(Body::SPAWN_EXIT);
  REQUIRE(exits.size() == 1);
  CHECK(exits[0].nodeId == kMaster);
  CHECK(c.relay.routes() == 0);
}

TEST_CASE("mpi relay: output and exit of a spawn are accepted only from the node that runs it") {
  Cluster c;
  auto req = spawnRequest("job-token-1", "198.18.0.2", ortedWords());
  c.relay.onSpawnRequest(kMaster, req->reader());
  REQUIRE(c.link.of(Body::SPAWN).size() == 1);
  auto in = c.link.of(Body::SPAWN)[0].read();
  std::string spawnId = in.envelope.getBody().getSpawn().getSpawnId();
  auto out = cb::test::build<cb::proto::SpawnOutput>([&](auto b) {
    b.setSpawnId(spawnId);
    b.setStream(1);
    b.setData(kj::StringPtr("forged\n").asBytes());
  });
  c.relay.onSpawnOutput(kOther, out->reader());
  c.relay.onSpawnOutput(kMaster, out->reader());
  CHECK(c.link.of(Body::SPAWN_OUTPUT).empty());
  auto exit = cb::test::build<cb::proto::SpawnExit>([&](auto b) {
    b.setSpawnId(spawnId);
    b.setExitCode(1);
  });
  c.relay.onSpawnExit(kOther, exit->reader());
  CHECK(c.link.of(Body::SPAWN_EXIT).empty());
  CHECK(c.relay.routes() == 1);
  c.relay.removeRun(7);
  CHECK(c.relay.routes() == 0);
  CHECK(c.relay.jobs() == 0);
}

TEST_CASE("mpi relay: refusals go back to the asking node and launch nothing") {
  Cluster c;
  struct Case {
    std::string from, token, host;
    std::vector<std::string> words;
    std::string why;
  };
  std::vector<Case> cases = {
      {kMaster, "wrong-token", "198.18.0.2", ortedWords(), "no live MPI job"},
      {kOther, "job-token-1", "198.18.0.2", ortedWords(), ""},
      {kMaster, "job-token-1", "198.18.0.3", ortedWords(), ""},
      {kMaster, "job-token-1", "198.18.0.2", {"sh", "-c", "id"}, "word 'sh'"},
      {kMaster, "job-token-1", "198.18.0.2", {"orted"}, "orte_hnp_uri"},
      {kMaster, "job-token-1", "198.18.0.2", ortedWords({"-mca", "orte_launch_agent", "/bin/sh"}),
       "word 'orte_launch_agent'"},
      {kMaster, "job-token-1", "198.18.0.2", ortedWords({";", "rm", "-rf", "/"}), "';'"},
  };
  for (const auto& k : cases) {
    c.link.sent.clear();
    auto req = spawnRequest(k.token, k.host, k.words);
    c.relay.onSpawnRequest(k.from, req->reader());
    CHECK(c.link.of(Body::SPAWN).empty());
    auto exits = c.link.of(Body::SPAWN_EXIT);
    REQUIRE(exits.size() == 1);
    CHECK(exits[0].nodeId == k.from);
    auto in = exits[0].read();
    auto e = in.envelope.getBody().getSpawnExit();
    CHECK(e.getExitCode() == 255);
    std::string message = e.getMessage();
    CHECK(message.find("refused") != std::string::npos);
    if (!k.why.empty()) CHECK(message.find(k.why) != std::string::npos);
  }
  CHECK(c.relay.routes() == 0);
}
