// SuiteRunner with a scripted Dispatcher: adaptive repetitions, labels and references per run.
#include <doctest/doctest.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/catalog.hpp"
#include "orchestrator/suite_runner.hpp"
#include "spec/suite.hpp"

namespace {
using namespace cb::controller;

/// Runs finish only when the test says so (as on the controller loop, never inside dispatch()).
/// Each finished run reports one `metric` sample per node: node02 reads the next value of
/// `node02Values` (one per run), every other node 1000.
class ScriptedDispatcher : public Dispatcher {
 public:
  std::vector<NodeView> nodes;
  std::vector<DispatchRequest> requests;
  std::vector<double> node02Values;
  std::string metric = "events_per_second";
  bool noisyLatency = false;  // also a latency_max sample per node: 5, 50, 5, 50, ...

  std::vector<NodeView> readyNodes() const override { return nodes; }
  cb::Result<std::int64_t> dispatch(const DispatchRequest& request, RunEventFn,
                                    RunFinishedFn onFinished) override {
    requests.push_back(request);
    pending_.push_back({static_cast<std::int64_t>(requests.size()), request, onFinished});
    return pending_.back().id;
  }
  void cancelRun(std::int64_t) override {}

  /// Finishes the oldest run in flight; false when none is.
  bool finishOne() {
    if (pending_.empty()) return false;
    auto p = pending_.front();
    pending_.pop_front();
    std::vector<RunSample> samples;
    for (const auto& id : p.request.nodeIds) {
      std::string host = id == "id-node02" ? "node02" : "node03";
      double v = 1000;
      if (host == "node02") v = node02Values.at(used_++);
      samples.push_back({host, cb::bench::Sample{metric, v, "events/s", {}}});
      if (noisyLatency) {
        samples.push_back(
            {host, cb::bench::Sample{"latency_max", p.id % 2 ? 5.0 : 50.0, "ms", {}}});
      }
    }
    if (p.request.onSamples) p.request.onSamples(samples);
    p.onFinished(p.id, "succeeded");
    return true;
  }

 private:
  struct Pending {
    std::int64_t id;
    DispatchRequest request;
    RunFinishedFn onFinished;
  };
  std::deque<Pending> pending_;
  std::size_t used_ = 0;
};

cb::spec::Suite suiteOf(const std::string& yaml) {
  static const auto catalog = cb::bench::makeDefaultCatalog();
  auto s = cb::spec::parseSuite(yaml, "t.yaml", catalog);
  REQUIRE_MESSAGE(s, s.error());
  return *s;
}

struct Harness {
  ScriptedDispatcher dispatcher;
  std::vector<std::string> lines;
  nlohmann::json summary;
  std::chrono::steady_clock::time_point now{};
  std::chrono::seconds perRun{10};

  std::string master;  // the chosen master's node id ("" = none)
  Harness() {
    dispatcher.nodes = {{"id-node02", "node02", "198.18.9.2", "198.18.9.0/24", 1},
                        {"id-node03", "node03", "198.18.9.3", "198.18.9.0/24", 1}};
  }
  /// Runs the suite to the end; every run takes `perRun` on the fake clock.
  void run(const std::string& yaml, nlohmann::json labels = nlohmann::json::object()) {
    SuiteRunner runner(
        dispatcher, suiteOf(yaml), std::move(labels),
        [this](const std::string& line) { lines.push_back(line); },
        [this](const nlohmann::json& s) { summary = s; }, [this] { return now; });
    runner.setMaster(master);
    runner.start();
    for (int i = 0; i < 200 && !runner.finished(); ++i) {
      now += perRun;
      REQUIRE(dispatcher.finishOne());
    }
    REQUIRE(runner.finished());
  }
  bool saw(const std::string& text) const {
    for (const auto& l : lines) {
      if (l == text) return true;
    }
    return false;
  }
};

const char* kAdaptiveCpu = R"(name: t
steps:
  - name: cpu
    benchmark: sysbench-cpu
    repetitions: 3
    adaptive: {max_rsd: 0.03, max_runs: 6}
    references:
      - {metric: events_per_second, environment: vm, value: 1000, lower: -0.1, unit: events/s}
)";

}  // namespace

TEST_SUITE_BEGIN("repetition");

TEST_CASE("suite runner: unstable values add repetitions up to the cap, each its own run") {
  Harness h;
  h.dispatcher.node02Values = {1000, 1100, 900, 1000, 1000, 1000};
  h.run(kAdaptiveCpu, {{"environment", "vm"}});
  REQUIRE(h.dispatcher.requests.size() == 6);
  CHECK(
      h.saw("[1/1 cpu] another repetition (#4): node02 events_per_second varies by 10.0 % "
            "(relative stddev above 3.0 %)"));
  CHECK(
      h.saw("[1/1 cpu] another repetition (#5): node02 events_per_second varies by 8.2 % "
            "(relative stddev above 3.0 %)"));
  CHECK(
      h.saw("[1/1 cpu] done after 6 repetition(s): node02 events_per_second varies by 6.3 % "
            "(relative stddev above 3.0 %); stopping at the cap of 6 repetitions"));
  for (std::size_t i = 0; i < h.dispatcher.requests.size(); ++i) {
    const auto& req = h.dispatcher.requests[i];
    CHECK(req.labels["suite"] == "t");
    CHECK(req.labels["step"] == "cpu");
    CHECK(req.labels["repetition"] == i + 1);
    CHECK(req.labels["environment"] == "vm");  // the user's label, passed on to dispatch()
    CHECK(req.nodeIds == std::vector<std::string>{"id-node02", "id-node03"});
    CHECK(nlohmann::json::parse(req.referencesJson) ==
          nlohmann::json::array({{{"metric", "events_per_second"},
                                  {"environment", "vm"},
                                  {"value", 1000.0},
                                  {"lower", -0.1},
                                  {"upper", nullptr},
                                  {"unit", "events/s"}}}));
  }
  CHECK(h.summary["status"] == "succeeded");
  CHECK(h.summary["runs"].size() == 6);
  REQUIRE(h.summary["steps"].size() == 1);
  CHECK(h.summary["steps"][0]["repetitions"] == 6);
  CHECK(h.summary["steps"][0]["reason"].get<std::string>().find("cap of 6") != std::string::npos);
}

TEST_CASE("suite runner: stable values stop at the minimum") {
  Harness h;
  h.dispatcher.node02Values = {1000, 1005, 995};
  h.run(kAdaptiveCpu);
  CHECK(h.dispatcher.requests.size() == 3);
  CHECK(
      h.saw("[1/1 cpu] done after 3 repetition(s): stable: every series within 3.0 % relative "
            "stddev, no outliers"));
  CHECK(h.dispatcher.requests[0].labels.count("environment") == 0);  // left to dispatch()
}

TEST_CASE("suite runner: the time cap stops adding repetitions") {
  Harness h;
  h.perRun = std::chrono::seconds(50);
  h.dispatcher.node02Values = {1000, 1100, 900, 1000, 1000, 1000};
  h.run(R"(name: t
steps:
  - name: cpu
    benchmark: sysbench-cpu
    repetitions: 3
    adaptive: {max_seconds: 200}
)");
  // 3 runs took 150 s; a fourth (~50 s) fits in 200 s, a fifth would not.
  CHECK(h.dispatcher.requests.size() == 4);
  CHECK(
      h.saw("[1/1 cpu] done after 4 repetition(s): node02 events_per_second varies by 8.2 % "
            "(relative stddev above 3.0 %); stopping: another repetition (~50 s) would pass "
            "the 200 s cap (200 s used)"));
}

TEST_CASE("suite runner: fixed repetitions print no decisions and series stay per step") {
  Harness h;
  h.dispatcher.node02Values = {1000, 2000, 3000, 10, 10};
  h.run(R"(name: t
steps:
  - {name: a, benchmark: sysbench-cpu, repetitions: 3}
  - {name: b, benchmark: sysbench-cpu, repetitions: 2, adaptive: {max_runs: 2}}
)");
  CHECK(h.dispatcher.requests.size() == 5);
  for (const auto& l : h.lines) CHECK(l.find("another repetition") == std::string::npos);
  // Step b judges its own two values (10, 10), not step a's.
  CHECK(
      h.saw("[2/2 b] done after 2 repetition(s): stable: every series within 3.0 % relative "
            "stddev, no outliers"));
  CHECK(h.summary["steps"] ==
        nlohmann::json::array(
            {{{"step", "a"}, {"repetitions", 3}, {"reason", "3 repetition(s) done"}},
             {{"step", "b"},
              {"repetitions", 2},
              {"reason",
               "stable: every series within 3.0 % "
               "relative stddev, no outliers"}}}));
}

TEST_CASE("suite runner: adaptive metrics limit what is judged") {
  const std::string yaml = R"(name: t
steps:
  - name: cpu
    benchmark: sysbench-cpu
    adaptive: {max_runs: 5, metrics: [events_per_second]}
)";
  Harness judged;
  judged.dispatcher.noisyLatency = true;
  judged.dispatcher.node02Values = {1000, 1001, 999};
  judged.run(yaml);
  CHECK(judged.dispatcher.requests.size() == 3);  // latency_max swings by 90 %, not judged

  Harness every;
  every.dispatcher.noisyLatency = true;
  every.dispatcher.node02Values = {1000, 1001, 999, 1000, 1000};
  every.run("name: t\nsteps:\n  - {name: cpu, benchmark: sysbench-cpu, adaptive: {max_runs: 5}}\n");
  CHECK(every.dispatcher.requests.size() == 5);
  CHECK(
      every.saw("[1/1 cpu] another repetition (#4): node02 latency_max varies by 129.9 % "
                "(relative stddev above 3.0 %)"));
}

TEST_CASE("suite runner: MPI hosts besides the master count for the environment") {
  Harness h;
  h.dispatcher.nodes.insert(h.dispatcher.nodes.begin(),
                            {"id-master", "master", "198.18.9.1", "198.18.9.0/24", 1});
  h.dispatcher.metric = "hpl_gflops";
  h.dispatcher.node02Values = {};
  h.master = "id-master";
  h.run(
      "name: t\nsteps:\n  - {name: mpi, benchmark: hpcc-mpi, repetitions: 1, params: {n: 500}}\n");
  REQUIRE(h.dispatcher.requests.size() == 1);
  const auto& req = h.dispatcher.requests[0];
  CHECK(req.nodeIds == std::vector<std::string>{"id-master"});
  CHECK(req.peerNodeIds == std::vector<std::string>{"id-node02", "id-node03"});
}

TEST_CASE("suite runner: the master is the chosen node, never the one reporting 'master'") {
  const std::string mpi =
      "name: t\nsteps:\n  - {name: mpi, benchmark: hpcc-mpi, repetitions: 1, params: {n: 500}}\n";
  Harness chosen;
  chosen.dispatcher.nodes.insert(chosen.dispatcher.nodes.begin(),
                                 {"id-impostor", "master", "198.18.9.1", "198.18.9.0/24", 1});
  chosen.dispatcher.metric = "hpl_gflops";
  chosen.dispatcher.node02Values = {};
  chosen.master = "id-node03";
  chosen.run(mpi);
  REQUIRE(chosen.dispatcher.requests.size() == 1);
  CHECK(chosen.dispatcher.requests[0].nodeIds == std::vector<std::string>{"id-node03"});

  // No master chosen: the MPI step is skipped with the reason, nothing is dispatched.
  Harness none;
  none.dispatcher.nodes.insert(none.dispatcher.nodes.begin(),
                               {"id-impostor", "master", "198.18.9.1", "198.18.9.0/24", 1});
  none.run(mpi);
  CHECK(none.dispatcher.requests.empty());
  REQUIRE(none.summary["runs"].size() == 1);
  CHECK(none.summary["runs"][0]["status"] == "skipped");
  CHECK(none.summary["runs"][0]["message"].get<std::string>().find("no master chosen") == 0);
}

TEST_SUITE_END();
