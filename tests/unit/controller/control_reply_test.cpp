// Typed control replies: what the daemon's encoders (daemon/control_encode.hpp) write, the
// client's decoders (control/control_decode.hpp) read back field for field; replies of older
// controllers (Reply.json) still decode; the CLI's --json documents keep their keys.
#include <doctest/doctest.h>

#include "cli/reply_json.hpp"
#include "control/control_decode.hpp"
#include "control_reply_support.hpp"
#include "daemon/control_encode.hpp"
#include "daemon/control_reply.hpp"
#include "service_fakes.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

using namespace cb;
using control::FieldValue;
using test::decodeBytes;
using test::legacyReply;

namespace {

struct StoreFixture {
  StoreFixture() {
    auto s = store::Store::open(dir.path() / "results.db");
    REQUIRE(s);
    db = std::move(*s);
  }
  /// A finished run of two results, one with samples, raw output and a failure message.
  std::int64_t addRun(const std::string& labelsJson) {
    auto id = db->createRun("sysbench-cpu", R"({"threads":"2","time":"5"})", 1700000000123,
                            labelsJson, "[]");
    REQUIRE(id);
    store::ResultRecord a;
    a.runId = *id;
    a.taskId = "run" + std::to_string(*id) + "-a";
    a.nodeId = "aaaa";
    a.hostname = "node02";
    a.environment = "vm";
    a.status = "succeeded";
    a.exitCode = 0;
    a.wallSeconds = 5.25;
    a.userSeconds = 9.5;
    a.systemSeconds = 0.125;
    a.maxRssKb = 123456789012ULL;
    a.command = {"sysbench", "cpu", "--threads=2", "run"};
    a.rawOutput = "events per second: 1234.5\n";
    a.rawStderr = "warning\n";
    a.samples = {{"events_per_second", 1234.5, "events/s", {{"threads", "2"}}},
                 {"latency_avg", 0.81, "ms", {}}};
    a.finishedAt = 1700000005000;
    REQUIRE(db->addResult(a));
    store::ResultRecord b;
    b.runId = *id;
    b.taskId = "run" + std::to_string(*id) + "-b";
    b.nodeId = "bbbb";
    b.hostname = "node03";
    b.environment = "container";
    b.status = "failed";
    b.exitCode = -9;
    b.message = "killed by SIGKILL";
    b.command = {"sysbench"};
    b.finishedAt = 1700000006000;
    REQUIRE(db->addResult(b));
    REQUIRE(db->finishRun(*id, "partial", 1700000007000));
    return *id;
  }
  test::TempDir dir;
  std::unique_ptr<store::Store> db;
};

void checkRun(const control::RunSummary& r, std::int64_t id, bool withRaw) {
  CHECK(r.runId == id);
  CHECK(r.benchmark == "sysbench-cpu");
  CHECK(r.status == "partial");
  CHECK(r.startedAtMs == 1700000000123);
  CHECK(r.finishedAtMs == 1700000007000);
  REQUIRE(r.params.size() == 2);
  CHECK(r.params.at("threads") == FieldValue{FieldValue::Kind::kText, "2", 0});
  CHECK(r.params.at("time") == FieldValue{FieldValue::Kind::kText, "5", 0});
  REQUIRE(r.labels.size() == 5);
  CHECK(r.labels.at("suite") == FieldValue{FieldValue::Kind::kText, "quick", 0});
  CHECK(r.labels.at("repetition") == FieldValue{FieldValue::Kind::kInteger, "", 3});
  CHECK(r.labels.at("ratio") == FieldValue{FieldValue::Kind::kJson, "0.5", 0});
  CHECK(r.labels.at("warm") == FieldValue{FieldValue::Kind::kJson, "true", 0});
  CHECK(r.labels.at("hosts") == FieldValue{FieldValue::Kind::kJson, R"(["a","b"])", 0});
  REQUIRE(r.results.size() == 2);
  const auto& a = r.results[0];
  CHECK(a.taskId == "run" + std::to_string(id) + "-a");
  CHECK(a.nodeId == "aaaa");
  CHECK(a.hostname == "node02");
  CHECK(a.environment == "vm");
  CHECK(a.status == "succeeded");
  CHECK(a.exitCode == 0);
  CHECK(a.wallSeconds == 5.25);
  CHECK(a.userSeconds == 9.5);
  CHECK(a.systemSeconds == 0.125);
  CHECK(a.maxRssKb == 123456789012ULL);
  CHECK(a.command == std::vector<std::string>{"sysbench", "cpu", "--threads=2", "run"});
  CHECK(a.message.empty());
  REQUIRE(a.samples.size() == 2);
  std::map<std::string, control::SampleValue> byMetric;
  for (const auto& s : a.samples) byMetric[s.metric] = s;
  CHECK(byMetric["events_per_second"] ==
        control::SampleValue{"events_per_second", 1234.5, "events/s", {{"threads", "2"}}});
  CHECK(byMetric["latency_avg"] == control::SampleValue{"latency_avg", 0.81, "ms", {}});
  if (withRaw) {
    CHECK(a.rawOutput == std::optional<std::string>("events per second: 1234.5\n"));
    CHECK(a.rawStderr == std::optional<std::string>("warning\n"));
  } else {
    CHECK_FALSE(a.rawOutput);
    CHECK_FALSE(a.rawStderr);
  }
  const auto& b = r.results[1];
  CHECK(b.hostname == "node03");
  CHECK(b.environment == "container");
  CHECK(b.status == "failed");
  CHECK(b.exitCode == -9);
  CHECK(b.message == "killed by SIGKILL");
  CHECK(b.samples.empty());
}

const char* kLabels =
    R"({"suite":"quick","repetition":3,"ratio":0.5,"warm":true,"hosts":["a","b"]})";

}  // namespace

TEST_CASE("control replies: nodes round-trip every field") {
  controller::Registry registry(std::chrono::seconds(10));
  auto now = std::chrono::steady_clock::now();
  registry.onHello("n1", "route-1",
                   {{"hostname", "node02"},
                    {"addresses", {"198.18.0.2/24", "fe80::1/64"}},
                    {"cpu_count", 4},
                    {"cpu_model", "Xeon"},
                    {"memory_bytes", 8589934592ULL},
                    {"kernel", "6.1.0"},
                    {"virt_kind", "vm"},
                    {"virt_tech", "kvm"},
                    {"os", "Debian 12"},
                    {"macs", {"52:54:00:00:00:01"}},
                    {"interfaces", {"lo", "eth0"}}},
                   now);
  registry.onHeartbeat("n1", 2, now);
  test::addNode(registry, "n2", "node01", "198.18.0.1/24");

  auto nodes = decodeBytes(controller::nodesReply(registry, now + std::chrono::seconds(3)),
                           control::decodeNodes);
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0].hostname == "node01");  // ordered by hostname
  const auto& n = nodes[1];
  CHECK(n.id == "n1");
  CHECK(n.state == "ready");
  CHECK(n.environment == "vm");
  CHECK(n.heartbeatAgeSeconds == doctest::Approx(3.0));
  CHECK(n.runningTasks == 2);
  CHECK(n.registrations == 1);
  CHECK(n.hostname == "node02");
  CHECK(n.addresses == std::vector<std::string>{"198.18.0.2/24", "fe80::1/64"});
  CHECK(n.cpuCount == 4);
  CHECK(n.cpuModel == "Xeon");
  CHECK(n.memoryBytes == 8589934592ULL);
  CHECK(n.kernel == "6.1.0");
  CHECK(n.virtKind == "vm");
  CHECK(n.virtTech == "kvm");
  CHECK(n.os == "Debian 12");
  CHECK(n.macs == std::vector<std::string>{"52:54:00:00:00:01"});
  CHECK(n.interfaces == std::vector<std::string>{"lo", "eth0"});

  // An older controller's JSON list reads into the same values.
  auto legacy = decodeBytes(legacyReply(cli::nodesJson(nodes)), control::decodeNodes);
  CHECK(legacy == nodes);
}

TEST_CASE("control replies: status round-trips every field") {
  nlohmann::json doc = {{"version", "0.9.1"},
                        {"pid", 4242},
                        {"agent_endpoint", "tcp://0.0.0.0:5555"},
                        {"control_endpoint", "ipc:///run/cb/control.sock"},
                        {"metrics_url", "http://127.0.0.1:9464/metrics"},
                        {"public_key", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"},
                        {"nodes", 7},
                        {"ready", 5},
                        {"runs_in_flight", 2}};
  auto s = decodeBytes(controller::statusReply(doc), control::decodeStatus);
  CHECK(s.version == "0.9.1");
  CHECK(s.pid == 4242);
  CHECK(s.agentEndpoint == "tcp://0.0.0.0:5555");
  CHECK(s.controlEndpoint == "ipc:///run/cb/control.sock");
  CHECK(s.metricsUrl == "http://127.0.0.1:9464/metrics");
  CHECK(s.publicKey == "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7");
  CHECK(s.nodes == 7);
  CHECK(s.ready == 5);
  CHECK(s.runsInFlight == 2);
  CHECK(cli::statusJson(s) == doc);  // --json prints the document the daemon built

  CHECK(decodeBytes(legacyReply(doc), control::decodeStatus) == s);
}

TEST_CASE("control replies: runs with results and samples round-trip every field") {
  StoreFixture f;
  auto id = f.addRun(kLabels);

  auto withRaw =
      decodeBytes(controller::runsReply(*f.db, {*f.db->run(id)}, true), control::decodeRuns);
  REQUIRE(withRaw.size() == 1);
  checkRun(withRaw[0], id, true);

  auto run = decodeBytes(controller::runReply(*f.db, id), control::decodeRun);
  checkRun(run, id, false);

  // The --json document: the keys scripts read, labels with their JSON types.
  auto j = cli::runJson(run);
  for (const char* key : {"run_id", "benchmark", "params", "status", "labels", "started_at_ms",
                          "finished_at_ms", "counts", "results"}) {
    CHECK_MESSAGE(j.contains(key), key);
  }
  CHECK(j.size() == 9);
  CHECK(j["counts"] == nlohmann::json{{"failed", 1}, {"succeeded", 1}});
  CHECK(run.resultsOmitted == 0);  // two rows: the reply carries them all
  CHECK(j["labels"] == nlohmann::json::parse(kLabels));
  CHECK(j["params"] == nlohmann::json{{"threads", "2"}, {"time", "5"}});
  const auto& r0 = j["results"][0];
  CHECK(r0.size() == 13);
  CHECK_FALSE(r0.contains("raw_output"));
  CHECK(r0["samples"][0].size() == 4);
  CHECK(cli::runJson(withRaw[0])["results"][0]["raw_output"] == "events per second: 1234.5\n");

  // Older controllers: the same documents as JSON text decode to the same values.
  CHECK(decodeBytes(legacyReply(cli::runsJson(withRaw)), control::decodeRuns) == withRaw);
  CHECK(decodeBytes(legacyReply(j), control::decodeRun) == run);
}

TEST_CASE("control replies: a suite summary round-trips, started runs with their results") {
  StoreFixture f;
  auto id = f.addRun(kLabels);
  nlohmann::json summary = {
      {"suite_id", 7},
      {"suite", "quick"},
      {"status", "partial"},
      {"runs",
       {{{"step", "cpu"},
         {"repetition", 1},
         {"benchmark", "sysbench-cpu"},
         {"run_id", id},
         {"status", "partial"}},
        {{"step", "net"},
         {"repetition", 2},
         {"benchmark", "iperf3"},
         {"status", "failed"},
         {"message", "no ready nodes"}}}},
      {"steps", {{{"step", "cpu"}, {"repetitions", 3}, {"reason", "stable"}}}}};

  auto s = decodeBytes(controller::suiteReply(*f.db, summary), control::decodeSuite);
  CHECK(s.suiteId == 7);
  CHECK(s.suite == "quick");
  CHECK(s.status == "partial");
  REQUIRE(s.runs.size() == 2);
  CHECK(s.runs[0].step == "cpu");
  CHECK(s.runs[0].repetition == 1);
  CHECK(s.runs[0].benchmark == "sysbench-cpu");
  CHECK(s.runs[0].status == "partial");
  CHECK(s.runs[0].runId == id);
  CHECK(s.runs[0].message.empty());
  REQUIRE(s.runs[0].run);
  checkRun(*s.runs[0].run, id, false);
  CHECK(s.runs[1].step == "net");
  CHECK(s.runs[1].repetition == 2);
  CHECK(s.runs[1].benchmark == "iperf3");
  CHECK(s.runs[1].status == "failed");
  CHECK(s.runs[1].runId == 0);
  CHECK(s.runs[1].message == "no ready nodes");
  CHECK_FALSE(s.runs[1].run);
  REQUIRE(s.steps.size() == 1);
  CHECK(s.steps[0] == control::SuiteStepSummary{"cpu", 3, "stable"});

  // --json: the daemon's summary with "run" added to every started run, as before.
  auto j = cli::suiteJson(s);
  auto expected = summary;
  expected["runs"][0]["run"] = cli::runJson(*s.runs[0].run);
  CHECK(j == expected);

  CHECK(decodeBytes(legacyReply(j), control::decodeSuite) == s);
}

TEST_CASE("control replies: stored suite runs round-trip every field") {
  cb::store::SuiteRecord r;
  r.id = 3;
  r.name = "quick";
  r.fileName = "suites/quick.yaml";
  r.status = "interrupted";
  r.stepsDone = 1;
  r.stepsTotal = 6;
  r.repetitionsDone = 2;
  r.startedAt = 1700000000000;
  r.finishedAt = 1700000005000;
  auto list = decodeBytes(controller::suitesReply({r}), control::decodeSuites);
  REQUIRE(list.size() == 1);
  CHECK(list[0] == control::SuiteRunInfo{3, "quick", "suites/quick.yaml", "interrupted", 1, 6, 2,
                                         1700000000000, 1700000005000});
  CHECK(cli::suitesJson(list) == nlohmann::json::array({{{"suite_id", 3},
                                                         {"name", "quick"},
                                                         {"file", "suites/quick.yaml"},
                                                         {"status", "interrupted"},
                                                         {"steps_done", 1},
                                                         {"steps_total", 6},
                                                         {"repetitions_done", 2},
                                                         {"started_at_ms", 1700000000000},
                                                         {"finished_at_ms", 1700000005000}}}));
  CHECK(decodeBytes(controller::suitesReply({}), control::decodeSuites).empty());
}

TEST_CASE("control replies: cancel and shutdown") {
  auto ids = decodeBytes(controller::cancelledReply({4, 9}), control::decodeCancelled);
  CHECK(ids == std::vector<std::int64_t>{4, 9});
  CHECK(cli::cancelledJson(ids) == nlohmann::json{{"cancelled", {4, 9}}});
  CHECK(decodeBytes(legacyReply({{"cancelled", {4, 9}}}), control::decodeCancelled) == ids);
  CHECK(decodeBytes(controller::cancelledReply({}), control::decodeCancelled).empty());

  auto decoded = wire::decode(controller::stoppingReply());
  REQUIRE(decoded);
  CHECK(control::decodeStopping((*decoded)->root<ctl::Reply>().getBody()));
  auto legacy = wire::decode(legacyReply({{"stopping", true}}));
  REQUIRE(legacy);
  CHECK(control::decodeStopping((*legacy)->root<ctl::Reply>().getBody()));
}

TEST_CASE("control replies: a reply of another kind or bad JSON is an error, not a value") {
  auto decoded = wire::decode(controller::cancelledReply({1}));
  REQUIRE(decoded);
  auto body = (*decoded)->root<ctl::Reply>().getBody();
  CHECK_FALSE(control::decodeRun(body));
  CHECK_FALSE(control::decodeNodes(body));
  CHECK_FALSE(control::decodeStatus(body));
  CHECK_FALSE(control::decodeStopping(body));

  auto bad = wire::decode(controller::reply([](auto b) { b.setJson("{not json"); }));
  REQUIRE(bad);
  auto badBody = (*bad)->root<ctl::Reply>().getBody();
  CHECK_FALSE(control::decodeSuite(badBody));
  CHECK_FALSE(control::decodeNodes(badBody));
}
