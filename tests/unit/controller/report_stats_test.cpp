// Report statistics: grouping samples into rows and cells, verdicts, references, row order.
#include <doctest/doctest.h>

#include <cmath>

#include "report/aggregate.hpp"
#include "report/comparison.hpp"
#include "report/row_text.hpp"
#include "report/verdict.hpp"

using namespace cb::report;

namespace {

SampleRow sample(const std::string& env, const std::string& metric, double value,
                 Labels labels = {}, const std::string& benchmark = "sysbench-cpu",
                 const std::string& node = "n1", std::int64_t run = 1) {
  SampleRow s;
  s.runId = run;
  s.benchmark = benchmark;
  s.node = node;
  s.environment = env;
  s.group = env;
  s.status = "succeeded";
  s.metric = metric;
  s.unit = metric.starts_with("latency") ? "ms" : "events/s";
  s.value = value;
  s.labels = std::move(labels);
  return s;
}

const Row& onlyRow(const Comparison& c, const std::string& metric) {
  for (const auto& s : c.sections) {
    for (const auto& r : s.rows) {
      if (r.metric == metric) return r;
    }
  }
  FAIL("no row for " << metric);
  throw 0;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report stats: cells per group with summarize() figures") {
    Aggregator a;
    for (double v : {100.0, 110.0, 120.0}) a.add(sample("vm", "events_per_second", v), {});
    for (double v : {200.0, 210.0, 190.0}) a.add(sample("container", "events_per_second", v), {});
    const Comparison c = a.finish();
    REQUIRE(c.groups == std::vector<std::string>{"vm", "container"});  // vm first, as the seeds
    CHECK(c.samples == 6);
    REQUIRE(c.sections.size() == 1);
    CHECK(c.sections[0].family == "sysbench");
    const Row& r = onlyRow(c, "events_per_second");
    CHECK(r.better == Better::kHigher);
    const Cell& vm = r.cells.at("vm");
    CHECK(vm.summary.n == 3);
    CHECK(vm.summary.mean == doctest::Approx(110));
    CHECK(vm.summary.stddev == doctest::Approx(10));
    CHECK(r.cells.at("container").summary.mean == doctest::Approx(200));

    const Verdict v = judge(r, c.groups);
    REQUIRE(v.ratios.size() == 1);
    REQUIRE(v.ratios[0].has_value());
    CHECK(*v.ratios[0] == doctest::Approx(200.0 / 110.0));
    CHECK(v.best == "container");
    CHECK(v.worst == "vm");
    CHECK(v.significant());
    // Welch: t = -11.0227, df = 4, p = 0.000385068 (computed independently, see stats tests).
    REQUIRE(v.test.has_value());
    CHECK(v.test->method == cb::stats::TestMethod::kWelch);
    CHECK(v.test->p == doctest::Approx(0.000385068).epsilon(1e-5));
    CHECK(v.factor == doctest::Approx(200.0 / 110.0));
  }

  TEST_CASE("report stats: lower is better for latency; a difference within the noise is ~") {
    Aggregator a;
    for (double v : {1.0, 1.2, 1.4}) a.add(sample("vm", "latency_avg", v), {});
    for (double v : {1.1, 1.3, 1.5}) a.add(sample("container", "latency_avg", v), {});
    const Comparison c = a.finish();
    const Row& r = onlyRow(c, "latency_avg");
    CHECK(r.better == Better::kLower);
    const Verdict v = judge(r, c.groups);
    CHECK(v.best == "vm");
    CHECK(v.decision == Decision::kNotSignificant);
    REQUIRE(v.test.has_value());
    CHECK(v.test->p == doctest::Approx(0.5733922539).epsilon(1e-5));  // t = -0.6124, df = 4
    CHECK(betterText(v) == "~");
    CHECK(testText(v) == "0.57 (t)");
  }

  TEST_CASE("report stats: equal means give ~, whatever the spread") {
    Aggregator a;
    for (double v : {90.0, 100.0, 110.0}) a.add(sample("vm", "events_per_second", v), {});
    for (double v : {99.0, 100.0, 101.0}) a.add(sample("container", "events_per_second", v), {});
    const Comparison c = a.finish();
    const Verdict v = judge(onlyRow(c, "events_per_second"), c.groups);
    CHECK(v.decision == Decision::kNotSignificant);
    CHECK(v.test->p == doctest::Approx(1));
    CHECK(betterText(v) == "~");
    CHECK(largestDifferences(c, 10).empty());
  }

  TEST_CASE("report stats: one value per group never names a winner") {
    // 28.5× apart, as two runs of the quick suite gave: still nothing to test.
    Aggregator a;
    a.add(sample("vm", "events_per_second", 28.5), {});
    a.add(sample("container", "events_per_second", 1), {});
    a.add(sample("vm", "latency_avg", 1), {});
    for (double v : {2.0, 2.1, 2.2}) a.add(sample("container", "latency_avg", v), {});
    const Comparison c = a.finish();
    for (const char* metric : {"events_per_second", "latency_avg"}) {
      const Verdict v = judge(onlyRow(c, metric), c.groups);
      CHECK(v.decision == Decision::kTooFew);
      CHECK_FALSE(v.test.has_value());
      CHECK(betterText(v) == "n too small");
      CHECK(testText(v) == "–");
      CHECK(v.best == "vm");  // still known, never shown as a winner
    }
    CHECK(largestDifferences(c, 10).empty());
  }

  TEST_CASE("report stats: with three groups the best must beat each other one") {
    Aggregator a;
    for (double v : {100.0, 101.0, 102.0}) a.add(sample("vm", "events_per_second", v), {});
    for (double v : {98.0, 101.0, 104.0}) a.add(sample("container", "events_per_second", v), {});
    for (double v : {50.0, 51.0, 52.0}) a.add(sample("bare", "events_per_second", v), {});
    const Comparison c = a.finish();
    const Verdict v = judge(onlyRow(c, "events_per_second"), c.groups);
    REQUIRE(v.pairs.size() == 3);  // vm-container, vm-bare, container-bare
    CHECK(v.pairs[0].a == "vm");
    CHECK(v.pairs[0].b == "container");
    CHECK(v.pairs[2].a == "container");
    CHECK(v.pairs[2].b == "bare");
    CHECK(v.best == "vm");  // 101 against 101: the first of equal means
    CHECK(v.worst == "bare");
    CHECK(v.pairs[1].test->significant());
    CHECK(v.pairs[2].test->significant());
    CHECK(v.decision == Decision::kNotSignificant);  // vm and container are equal
    CHECK(v.test->p == doctest::Approx(1));          // the deciding pair: vm against container
  }

  TEST_CASE("report stats: labels split rows; natural order of label values") {
    Aggregator a;
    for (const char* rec : {"1024", "64", "16384", "128"}) {
      a.add(sample("vm", "writer", 1, {{"record_kb", rec}}, "iozone"), {});
    }
    const Comparison c = a.finish();
    REQUIRE(c.sections.size() == 1);
    const auto& rows = c.sections[0].rows;
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].labels.at("record_kb") == "64");
    CHECK(rows[1].labels.at("record_kb") == "128");
    CHECK(rows[2].labels.at("record_kb") == "1024");
    CHECK(rows[3].labels.at("record_kb") == "16384");
  }

  TEST_CASE("report stats: nodes are pooled; iperf3 also keeps rows per node") {
    Aggregator a;
    const Labels up{{"direction", "upload"}};
    a.add(sample("vm", "sent_bits_per_second", 1e9, up, "iperf3-client", "node02"), {});
    a.add(sample("vm", "sent_bits_per_second", 2e9, up, "iperf3-client", "node03"), {});
    a.add(sample("container", "sent_bits_per_second", 4e10, up, "iperf3-client", "ct02"), {});
    a.add(sample("vm", "events_per_second", 10, {}, "sysbench-cpu", "node02"), {});
    a.add(sample("vm", "events_per_second", 20, {}, "sysbench-cpu", "node03"), {});
    const Comparison c = a.finish();
    // Sections follow the seeds' order: sysbench before iperf3.
    REQUIRE(c.sections.size() == 2);
    const Section& sysbench = c.sections[0];
    const Section& iperf = c.sections[1];
    CHECK(sysbench.family == "sysbench");
    CHECK(iperf.family == "iperf3");
    REQUIRE(sysbench.rows.size() == 1);
    CHECK(sysbench.rows[0].cells.at("vm").summary.n == 2);
    CHECK(sysbench.rows[0].cells.at("vm").summary.mean == doctest::Approx(15));
    CHECK(sysbench.nodeRows.empty());
    // Pooled like the seeds' table (upload: VM vs container) ...
    REQUIRE(iperf.rows.size() == 1);
    CHECK(iperf.rows[0].labels == up);
    CHECK(iperf.rows[0].cells.at("vm").summary.mean == doctest::Approx(1.5e9));
    CHECK(iperf.rows[0].cells.at("container").summary.n == 1);
    // ... and per node and direction.
    const auto nodes = nodeRowsInOrder(iperf);
    REQUIRE(nodes.size() == 3);
    CHECK(nodes[0]->labels.at("node") == "ct02");
    CHECK(nodes[1]->labels.at("node") == "node02");
    CHECK(nodes[1]->labels.at("direction") == "upload");
    CHECK(nodes[1]->cells.at("vm").summary.mean == 1e9);
    CHECK(nodes[2]->cells.at("vm").summary.mean == 2e9);
    CHECK(c.samples == 5);
  }

  TEST_CASE("report stats: failed results and bookkeeping metrics are left out") {
    Aggregator a;
    SampleRow failed = sample("vm", "events_per_second", 5);
    failed.status = "failed";
    a.add(failed, {});
    SampleRow total = sample("vm", "total_events", 5);
    a.add(total, {});
    a.add(sample("vm", "events_per_second", 7), {});
    const Comparison c = a.finish();
    CHECK(c.notSucceeded == 1);
    CHECK(c.samples == 1);
    CHECK(c.notCompared == std::set<std::string>{"sysbench-cpu total_events"});
    CHECK(onlyRow(c, "events_per_second").cells.at("vm").summary.mean == 7);
  }

  TEST_CASE("report stats: references apply by metric and environment and are checked") {
    Reference any{"events_per_second", "*", 100, -0.1, 0.1, "events/s"};
    Reference vmOnly{"events_per_second", "vm", 50, -0.1, std::nullopt, ""};
    Aggregator a;
    for (double v : {95.0, 105.0}) a.add(sample("vm", "events_per_second", v), {any, vmOnly});
    a.add(sample("container", "events_per_second", 130), {any, vmOnly});
    const Comparison c = a.finish();
    const Row& r = onlyRow(c, "events_per_second");
    const auto& vmChecks = r.cells.at("vm").checks;
    REQUIRE(vmChecks.size() == 2);
    CHECK(vmChecks[0].pass);  // 100 within [90, 110]
    CHECK(vmChecks[1].pass);  // 100 above 45, no upper bound
    CHECK(std::isinf(vmChecks[1].high));
    const auto& ctChecks = r.cells.at("container").checks;
    REQUIRE(ctChecks.size() == 1);
    CHECK_FALSE(ctChecks[0].pass);  // 130 above 110
    CHECK(ctChecks[0].high == doctest::Approx(110));

    const auto wrongUnit = checkReference(Reference{"m", "*", 1, -1, 1, "ms"}, 1, "s");
    CHECK_FALSE(wrongUnit.unitMatches);
    CHECK_FALSE(wrongUnit.pass);
  }

  TEST_CASE("report stats: references parse from the stored JSON form") {
    const auto refs =
        parseReferences(R"([{"metric":"events_per_second","environment":"container","value":3000,)"
                        R"("lower":-0.1,"upper":null,"unit":"events/s"},{"metric":"","value":1},)"
                        R"({"metric":"x","value":"not a number"},{"metric":"y","value":2}])");
    REQUIRE(refs.size() == 2);
    CHECK(refs[0].environment == "container");
    CHECK(refs[0].lower == doctest::Approx(-0.1));
    CHECK_FALSE(refs[0].upper.has_value());
    CHECK(refs[0].unit == "events/s");
    CHECK(refs[1].metric == "y");
    CHECK(refs[1].environment == "*");
    CHECK(parseReferences("{}").empty());
    CHECK(parseReferences("not json").empty());
  }

  TEST_CASE("report stats: group order, group-by labels and the environment rule") {
    CHECK(orderGroups({"b", "bare", "container", "a10", "vm", "a9"}) ==
          std::vector<std::string>{"vm", "container", "bare", "a9", "a10", "b"});

    cb::store::ReportRow row;
    row.runId = 4;
    row.benchmark = "sysbench-cpu";
    row.hostname = "node02";
    row.environment = "vm";  // the node's facts
    row.nodeVirtTech = "qemu";
    row.status = "succeeded";
    row.sample = {"events_per_second", 10, "events/s", {{"threads", "2"}}};
    row.runLabelsJson = R"({"suite":"quick","repetition":2,"setup":"laptop"})";
    SampleRow out;
    RowResolver byEnv(kGroupByEnvironment);
    byEnv.resolve(row, out);
    CHECK(out.environment == "vm");
    CHECK(out.group == "vm");
    CHECK(out.virtTech == "qemu");
    CHECK(out.runLabels.at("repetition") == "2");

    // A user's environment label wins; the node's virt_tech no longer describes it.
    row.runId = 5;
    row.runLabelsJson = R"({"environment":"container","setup":"laptop"})";
    byEnv.resolve(row, out);
    CHECK(out.environment == "container");
    CHECK(out.virtTech.empty());
    row.runId = 6;
    row.runLabelsJson = R"({"environment":"vm","virt_tech":"kvm"})";
    byEnv.resolve(row, out);
    CHECK(out.virtTech == "kvm");

    RowResolver bySetup("setup");
    row.runId = 7;
    row.runLabelsJson = R"({"setup":"laptop"})";
    bySetup.resolve(row, out);
    CHECK(out.group == "laptop");
    row.runId = 8;
    row.runLabelsJson = "{}";
    bySetup.resolve(row, out);
    CHECK(out.group == kNoGroup);
    CHECK(out.environment == "vm");
  }

  TEST_CASE("report stats: largest differences pick one significant row per section") {
    Aggregator a;
    for (double v : {10.0, 11.0, 12.0}) a.add(sample("vm", "events_per_second", v), {});
    for (double v : {40.0, 41.0, 42.0}) a.add(sample("container", "events_per_second", v), {});
    for (double v : {1.0, 1.1}) a.add(sample("vm", "latency_avg", v), {});
    for (double v : {1.05, 1.2}) a.add(sample("container", "latency_avg", v), {});
    a.add(sample("vm", "sent_bits_per_second", 1e9, {}, "iperf3-client"), {});
    a.add(sample("container", "sent_bits_per_second", 4e10, {}, "iperf3-client"), {});
    for (double v : {100.0, 200.0}) a.add(sample("vm", "iops", v, {}, "fio"), {});
    for (double v : {110.0, 210.0}) a.add(sample("container", "iops", v, {}, "fio"), {});
    const Comparison c = a.finish();
    const auto diffs = largestDifferences(c, 10);
    // iperf3's 40× rests on one value per group; fio's only row is within the noise (p = 0.90).
    REQUIRE(diffs.size() == 1);
    CHECK(diffs[0].row->metric == "events_per_second");  // p = 3.276e-06
    CHECK(diffs[0].verdict.factor == doctest::Approx(41.0 / 11.0));
    CHECK(largestDifferences(c, 0).empty());
  }
}
