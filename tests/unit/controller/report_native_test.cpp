// Report against native: the "Against native" ratios (Felter et al.), the seeds' summary table
// with a native column, the environments' setup labels, and where they sit in the Markdown and
// HTML reports. p-values were computed independently (Welch's t with the regularized incomplete
// beta function, checked against the existing 0.0213 of report_text_test).
#include <doctest/doctest.h>

#include <sstream>

#include "report/against_native.hpp"
#include "report/aggregate.hpp"
#include "report/html.hpp"
#include "report/markdown.hpp"
#include "report/overview_text.hpp"
#include "report/seed_summary.hpp"

using namespace cb::report;

namespace {

SampleRow sample(const std::string& group, const std::string& benchmark, const std::string& metric,
                 const std::string& unit, double value, Labels labels = {}) {
  SampleRow s;
  s.runId = group == "vm" ? 1 : group == "container" ? 2 : 3;
  s.benchmark = benchmark;
  s.node = "n1";
  s.environment = group;
  s.group = group;
  s.status = "succeeded";
  s.metric = metric;
  s.unit = unit;
  s.value = value;
  s.labels = std::move(labels);
  return s;
}

void add(Aggregator& a, const std::string& group, const std::string& benchmark,
         const std::string& metric, const std::string& unit, std::vector<double> values,
         Labels labels = {}) {
  for (double v : values) a.add(sample(group, benchmark, metric, unit, v, labels), {});
}

/// Three environments: CPU events (higher is better) and latency (lower is better) measured by
/// all, a stress-ng figure only the VMs measured.
Comparison threeEnvironments() {
  Aggregator a;
  add(a, "vm", "sysbench-cpu", "events_per_second", "events/s", {90, 92, 94});
  add(a, "container", "sysbench-cpu", "events_per_second", "events/s", {99, 100, 101});
  add(a, "bare", "sysbench-cpu", "events_per_second", "events/s", {100, 101, 102});
  add(a, "vm", "sysbench-cpu", "latency_avg", "ms", {2.0, 2.2, 2.4});
  add(a, "container", "sysbench-cpu", "latency_avg", "ms", {1.05});
  add(a, "bare", "sysbench-cpu", "latency_avg", "ms", {0.9, 1.0, 1.1});
  add(a, "vm", "stress-ng-cpu", "bogo_ops_per_second_real", "bogo ops/s", {1100, 1130});
  return a.finish();
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report native: the native group is bare, or netns by lab_provider") {
    const Comparison c = threeEnvironments();
    CHECK(c.groups == std::vector<std::string>{"vm", "container", "bare"});
    CHECK(nativeGroup(c) == "bare");
    Comparison byProvider = c;
    byProvider.groupBy = "lab_provider";
    byProvider.groups = {"qemu", "netns"};
    CHECK(nativeGroup(byProvider) == "netns");
    Comparison noNative = c;
    noNative.groups = {"vm", "container"};
    CHECK(nativeGroup(noNative).empty());
    Comparison onlyNative = c;
    onlyNative.groups = {"bare"};
    CHECK(nativeGroup(onlyNative).empty());
    CHECK(againstNativeTable(noNative).header.empty());
    CHECK(againstNativeTable(noNative).rows.empty());
  }

  TEST_CASE("report native: ratios oriented by direction, n and the test against native") {
    const Comparison c = threeEnvironments();
    const SectionTable t = againstNativeTable(c);
    CHECK(t.header == std::vector<std::string>{"Benchmark", "Metric", "Unit", "Better", "bare",
                                               "vm / bare", "p (vm)", "container / bare",
                                               "p (container)"});
    CHECK(t.firstValueColumn == 4);
    // The stress-ng row has no native figure: left out.
    REQUIRE(t.rows.size() == 2);
    // Higher is better: 92 / 101 = 0.9109 (Welch t = -6.971, df = 2.941, p = 0.006458) and
    // 100 / 101 = 0.9901 (t = -1.225, df = 4, p = 0.2879).
    CHECK(t.rows[0] == std::vector<std::string>{"sysbench-cpu", "events_per_second", "events/s",
                                                "higher", "101 ± 1 (n=3)", "0.911 (n=3)",
                                                "0.0065 (t), worse", "0.99 (n=3)", "0.29 (t), ~"});
    // Lower is better: native / vm = 1 / 2.2 = 0.4545 (t = 9.295, df = 2.941, p = 0.002854);
    // the container's single value gives 1 / 1.05 = 0.9524 but no test.
    CHECK(t.rows[1] == std::vector<std::string>{"sysbench-cpu", "latency_avg", "ms", "lower",
                                                "1 ± 0.1 (n=3)", "0.455 (n=3)", "0.0029 (t), worse",
                                                "0.952 (n=1 ⚠)", "n too small"});
  }

  TEST_CASE("report native: a group better than native, a zero divisor, an unmeasured group") {
    Row row;
    row.metric = "latency_avg";
    row.unit = "ms";
    row.better = Better::kLower;
    auto cell = [](std::vector<double> v) {
      Cell c;
      c.values = v;
      c.summary = cb::stats::summarize(v);
      return c;
    };
    row.cells["bare"] = cell({2.0, 2.2, 2.4});
    row.cells["vm"] = cell({0.9, 1.0, 1.1});
    row.cells["container"] = cell({0, 0});
    const NativeRatio better = againstNative(row, "vm", "bare");
    REQUIRE(better.relative);
    CHECK(*better.relative == doctest::Approx(2.2));
    CHECK(better.n == 3);
    CHECK(nativeTestText(better) == "0.0029 (t), better");
    const NativeRatio zero = againstNative(row, "container", "bare");
    CHECK_FALSE(zero.relative);
    CHECK(nativeTestText(zero) == "–");
    const NativeRatio missing = againstNative(row, "nspawn", "bare");
    CHECK_FALSE(missing.relative);
    CHECK(missing.n == 0);
    row.better = Better::kHigher;
    CHECK(*againstNative(row, "vm", "bare").relative == doctest::Approx(1 / 2.2));
  }

  TEST_CASE("report summary: the seeds' items, VM | Container | Native, pooled, – for none") {
    Aggregator a;
    add(a, "vm", "sysbench-cpu", "events_per_second", "events/s", {18486});
    add(a, "container", "sysbench-cpu", "events_per_second", "events/s", {18630});
    add(a, "bare", "sysbench-cpu", "events_per_second", "events/s", {19000, 19100});
    // Both directions pooled: (1.19 + 1.21) / 2 Gbit/s, stddev 0.02 / sqrt(2).
    add(a, "vm", "iperf3-client", "received_bits_per_second", "bit/s", {1.19e9},
        {{"direction", "upload"}});
    add(a, "vm", "iperf3-client", "received_bits_per_second", "bit/s", {1.21e9},
        {{"direction", "download"}});
    add(a, "container", "iperf3-client", "received_bits_per_second", "bit/s", {9.68e9},
        {{"direction", "upload"}});
    // HPL: hpcc-mpi ran (natively), so the single-node hpcc figures of the VMs are not mixed in.
    add(a, "vm", "hpcc", "hpl_gflops", "Gflop/s", {58, 59, 60});
    add(a, "bare", "hpcc-mpi", "hpl_gflops", "Gflop/s", {61.52});
    add(a, "container", "hpcc", "ptrans_gbs", "GB/s", {1.0, 1.1, 1.2, 1.1, 1.0});
    const Comparison c = a.finish();
    const SectionTable t = seedSummaryTable(c);
    CHECK(t.header == std::vector<std::string>{"Item", "VM", "Container", "Native"});
    CHECK(t.firstValueColumn == 1);
    REQUIRE(t.rows.size() == 9);
    CHECK(t.rows[0] == std::vector<std::string>{"sysbench CPU (events/s)", "18,486 (n=1 ⚠)",
                                                "18,630 (n=1 ⚠)", "19,050 ± 70.71 (n=2 ⚠)"});
    CHECK(t.rows[1] == std::vector<std::string>{"sysbench memory (MiB/s)", "–", "–", "–"});
    CHECK(t.rows[2] == std::vector<std::string>{"sysbench file I/O (events/s)", "–", "–", "–"});
    CHECK(t.rows[3] == std::vector<std::string>{"iperf3 (Gbit/s)", "1.2 ± 0.01414 (n=2 ⚠)",
                                                "9.68 (n=1 ⚠)", "–"});
    CHECK(t.rows[4] == std::vector<std::string>{"HPL (Gflop/s)", "–", "–", "61.52 (n=1 ⚠)"});
    CHECK(t.rows[5] == std::vector<std::string>{"PTRANS (GB/s)", "–", "1.08 ± 0.08367 (n=5)", "–"});
    for (std::size_t i = 6; i < 9; ++i) {
      CHECK(t.rows[i] ==
            std::vector<std::string>{std::string(seedSummaryItems()[i].title), "–", "–", "–"});
    }
    CHECK(t.rows[6][0] == "MPI RandomAccess (GUP/s)");
    CHECK(t.rows[7][0] == "STREAM Triad (GB/s)");
    CHECK(t.rows[8][0] == "MPI FFT (Gflop/s)");
  }

  TEST_CASE("report summary: other groupings name their groups; nothing to summarize, no table") {
    Aggregator byProvider("lab_provider");
    SampleRow s = sample("qemu", "sysbench-cpu", "events_per_second", "events/s", 681);
    byProvider.add(s, {});
    s.group = "netns";
    s.value = 700;
    byProvider.add(s, {});
    const SectionTable t = seedSummaryTable(byProvider.finish());
    CHECK(t.header == std::vector<std::string>{"Item", "netns", "qemu"});
    CHECK(t.rows[0] ==
          std::vector<std::string>{"sysbench CPU (events/s)", "700 (n=1 ⚠)", "681 (n=1 ⚠)"});

    Aggregator none;
    add(none, "vm", "stress-ng-cpu", "bogo_ops_per_second_real", "bogo ops/s", {1100});
    const SectionTable empty = seedSummaryTable(none.finish());
    CHECK(empty.header.empty());
    CHECK(empty.rows.empty());
  }

  TEST_CASE("report setup: the environments' lab provider, acceleration and VM disk") {
    Aggregator a;
    SampleRow vm = sample("vm", "sysbench-cpu", "events_per_second", "events/s", 90);
    vm.runLabels = {{"lab_provider", "qemu"},
                    {"accel", "tcg"},
                    {"disk_format", "qcow2"},
                    {"disk_cache", "none"},
                    {"study", "s1"}};
    a.add(vm, {});
    vm.runId = 4;
    vm.runLabels["disk_cache"] = "writeback";
    a.add(vm, {});
    SampleRow bare = sample("bare", "sysbench-cpu", "events_per_second", "events/s", 100);
    bare.runLabels = {{"lab_provider", "netns"}};
    a.add(bare, {});
    SampleRow container = sample("container", "sysbench-cpu", "events_per_second", "events/s", 99);
    a.add(container, {});
    CHECK(setupText(a.finish()) ==
          "vm: lab_provider=qemu, accel=tcg, disk_format=qcow2, disk_cache=none/writeback; "
          "bare: lab_provider=netns");
  }

  TEST_CASE("report native: the Markdown and HTML reports open with the summary") {
    const Comparison c = threeEnvironments();
    std::ostringstream md;
    writeMarkdown(c, md);
    const std::string text = md.str();
    INFO(text);
    CHECK(
        text.starts_with("# clusterbench report: vm, container vs bare\n\n## Summary\n\n"
                         "| Item | VM | Container | Native |\n|---|---|---|---|\n"
                         "| sysbench CPU (events/s) | 92 ± 2 (n=3) | 100 ± 1 (n=3) | "
                         "101 ± 1 (n=3) |\n"));
    const auto summary = text.find("## Summary");
    const auto native = text.find("## Against native");
    const auto sections = text.find("## stress-ng");  // the first section
    REQUIRE(native != std::string::npos);
    REQUIRE(sections != std::string::npos);
    CHECK(summary < native);
    CHECK(native < sections);
    CHECK(text.find("| sysbench-cpu | events_per_second | events/s | higher | 101 ± 1 (n=3) | "
                    "0.911 (n=3) | 0.0065 (t), worse | 0.99 (n=3) | 0.29 (t), ~ |") !=
          std::string::npos);

    std::ostringstream html;
    writeHtml(c, html);
    const std::string page = html.str();
    const auto h1 = page.find("</h1>");
    const auto summaryHtml = page.find("<h2 id=\"summary\">Summary</h2>\n<table>");
    const auto nativeHtml = page.find("<h2 id=\"against-native\">Against native</h2>");
    REQUIRE(summaryHtml != std::string::npos);
    REQUIRE(nativeHtml != std::string::npos);
    CHECK(h1 < summaryHtml);
    CHECK(summaryHtml < nativeHtml);
    CHECK(nativeHtml < page.find("<h2 id=\"stress-ng\">"));
    CHECK(page.find("<td class=\"num\">0.911 (n=3)</td>") != std::string::npos);
    // Summary, against native, then the stress-ng and sysbench sections' tables.
    std::size_t tables = 0;
    for (auto at = page.find("<table>"); at != std::string::npos; at = page.find("<table>", at + 1))
      ++tables;
    CHECK(tables == 4);
  }
}
