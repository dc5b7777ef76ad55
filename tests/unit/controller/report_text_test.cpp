// Report text: number formats, Markdown tables (escaping, columns), the Markdown report.
#include <doctest/doctest.h>

#include <sstream>

#include "report/aggregate.hpp"
#include "report/markdown.hpp"
#include "report/markdown_table.hpp"
#include "report/number_format.hpp"
#include "report/row_text.hpp"
#include "report/section_table.hpp"

using namespace cb::report;

namespace {

SampleRow sample(const std::string& env, const std::string& benchmark, const std::string& metric,
                 const std::string& unit, double value, Labels labels = {}) {
  SampleRow s;
  s.runId = 1;
  s.benchmark = benchmark;
  s.node = "n1";
  s.environment = env;
  s.group = env;
  s.virtTech = env == "vm" ? "qemu" : "podman";
  s.status = "succeeded";
  s.metric = metric;
  s.unit = unit;
  s.value = value;
  s.labels = std::move(labels);
  return s;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report text: numbers") {
    CHECK(formatValue(61141029.4) == "61,141,029");
    CHECK(formatValue(-1234.5) == "-1,235");
    CHECK(formatValue(58.94) == "58.94");
    CHECK(formatValue(1.1271) == "1.127");
    CHECK(formatValue(0.02281) == "0.02281");
    CHECK(formatValue(0) == "0");
    CHECK(formatValue(std::numeric_limits<double>::quiet_NaN()) == "n/a");
    CHECK(formatRatio(1.0437) == "1.04");
    CHECK(formatP(0.021311) == "0.021");
    CHECK(formatP(0.57339) == "0.57");
    CHECK(formatP(1) == "1");
    CHECK(formatP(0.0496) == "0.0496");  // not "0.05": it is below 0.05
    CHECK(formatP(0.0504) == "0.05");
    CHECK(formatP(0.00099) == "< 0.001");
    CHECK(formatRatio(32.98) == "33");
    CHECK(formatTick(4e10) == "40G");
    CHECK(formatTick(1500) == "1.5k");
    CHECK(formatTick(0.25) == "0.25");
    CHECK(formatTick(0) == "0");
    const DisplayUnit g = displayUnit("bit/s", 4.5e10);
    CHECK(g.unit == "Gbit/s");
    CHECK(g.divisor == 1e9);
    CHECK(displayUnit("bit/s", 2e6).unit == "Mbit/s");
    CHECK(displayUnit("kB/s", 2e6).unit == "kB/s");
  }

  TEST_CASE("report text: Markdown tables escape pipes and pad short rows") {
    CHECK(markdownCell("a|b\nc") == "a\\|b c");
    const std::string t = markdownTable({"A", "B"}, {{"1", "x|y"}, {"2"}});
    CHECK(t == "| A | B |\n|---|---|\n| 1 | x\\|y |\n| 2 |  |\n");
    CHECK(idRanges({1, 2, 3, 4, 7, 9, 10}) == "1–4, 7, 9, 10");
    CHECK(idRanges({}).empty());
  }

  TEST_CASE("report text: a section table has a column per group, ratios and the winner") {
    Aggregator a;
    for (double v : {58.0, 59.0, 60.0}) {
      a.add(sample("vm", "hpcc", "hpl_gflops", "Gflop/s", v, {{"n", "1000"}}), {});
    }
    for (double v : {61.0, 62.0, 63.0}) {
      a.add(sample("container", "hpcc", "hpl_gflops", "Gflop/s", v, {{"n", "1000"}}), {});
    }
    a.add(sample("vm", "hpcc-mpi", "ptrans_gbs", "GB/s", 1.127), {});
    const Comparison c = a.finish();
    REQUIRE(c.sections.size() == 1);
    const SectionTable t = sectionTable(c.sections[0], c.groups);
    CHECK(t.header == std::vector<std::string>{"Benchmark", "Metric", "Labels", "Unit", "vm",
                                               "container", "container / vm", "p", "Better"});
    CHECK(t.firstValueColumn == 4);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0] == std::vector<std::string>{"hpcc", "hpl_gflops", "n=1000", "Gflop/s",
                                                "59 ± 1 (n=3)", "62 ± 1 (n=3)", "1.05", "0.021 (t)",
                                                "container"});
    // Welch: t = -3.674, df = 4, p = 0.0213 (although the 95 % intervals 59 ± 2.48 and
    // 62 ± 2.48 overlap). Only vm measured PTRANS, once: marked, no ratio, no test, no winner.
    CHECK(t.rows[1][4] == "1.127 (n=1 ⚠)");
    CHECK(t.rows[1][5] == "–");
    CHECK(t.rows[1][6] == "–");
    CHECK(t.rows[1][7] == "–");
    CHECK(t.rows[1][8].empty());
  }

  TEST_CASE("report text: the Markdown report") {
    Aggregator a;
    const Reference ref{"sent_bits_per_second", "container", 4e10, -0.1, 0.1, "bit/s"};
    for (double v : {1.39e9, 1.40e9, 1.44e9}) {
      a.add(sample("vm", "iperf3-client", "sent_bits_per_second", "bit/s", v,
                   {{"direction", "upload"}}),
            {ref});
    }
    for (double v : {4.54e10, 4.66e10, 4.59e10}) {
      a.add(sample("container", "iperf3-client", "sent_bits_per_second", "bit/s", v,
                   {{"direction", "upload"}}),
            {ref});
    }
    a.add(sample("vm", "iperf3-client", "cpu_utilization_host", "%", 30), {});
    std::ostringstream md;
    writeMarkdown(a.finish(), md);
    const std::string text = md.str();
    INFO(text);
    CHECK(text.starts_with("# clusterbench report: vm vs container\n"));
    CHECK(text.find("Virtualization (virt_tech): vm: qemu (QEMU without KVM: TCG emulation, no "
                    "hardware acceleration); container: podman (Podman container).") !=
          std::string::npos);
    CHECK(text.find("## Largest differences") != std::string::npos);
    // Welch: t = -127.9, df = 2.008, p = 5.917e-05 (computed independently, see stats tests).
    CHECK(text.find("container 45.97 Gbit/s vs vm 1.41 Gbit/s: container 32.6× better (higher is "
                    "better; p < 0.001, Welch's t)\n") != std::string::npos);
    CHECK(text.find("## iperf3 (network)") != std::string::npos);
    CHECK(text.find("| Metric | Labels | Unit | vm | container | container / vm | p | Better |") !=
          std::string::npos);
    // 4.597e10 is above 4.4e10: the container's reference fails.
    CHECK(text.find("| sent_bits_per_second | direction=upload | Gbit/s | 1.41 ± 0.02646 (n=3) "
                    "| 45.97 ± 0.6028 (n=3) ✗ | 32.6 | < 0.001 (t) | container |") !=
          std::string::npos);
    CHECK(text.find("Per node:\n\n| Node | environment | Labels | sent_bits_per_second (Gbit/s) "
                    "|\n|---|---|---|---|\n| n1 | vm | direction=upload | 1.41 ± 0.02646 (n=3) "
                    "|\n| n1 | container | direction=upload | 45.97 ± 0.6028 (n=3) |\n") !=
          std::string::npos);
    CHECK(text.find("- sent_bits_per_second (direction=upload) [container]: FAIL: 45,966,666,667 "
                    "outside [36,000,000,000, "
                    "44,000,000,000] (reference 40,000,000,000 -10 %/+10 % bit/s, environment "
                    "container)") != std::string::npos);
    CHECK(text.find("Warning") == std::string::npos);  // n = 3 everywhere
    CHECK(text.find("Not compared (counts, totals and bookkeeping figures, still in the "
                    "CSV/JSON export): iperf3-client cpu_utilization_host.") != std::string::npos);
  }

  TEST_CASE("report text: few values are marked and warned about; n = 1 names no winner") {
    Aggregator a;
    a.add(sample("vm", "sysbench-cpu", "events_per_second", "events/s", 28.5), {});
    a.add(sample("container", "sysbench-cpu", "events_per_second", "events/s", 1), {});
    for (double v : {1.0, 1.1}) {
      a.add(sample("vm", "sysbench-cpu", "latency_avg", "ms", v), {});
      a.add(sample("container", "sysbench-cpu", "latency_avg", "ms", v + 5), {});
    }
    std::ostringstream md;
    writeMarkdown(a.finish(), md);
    const std::string text = md.str();
    INFO(text);
    CHECK(text.find("⚠ Warning: 4 of 4 figures rest on fewer than 3 values (marked ⚠)") !=
          std::string::npos);
    CHECK(text.find("| events_per_second | events/s | 28.5 (n=1 ⚠) | 1 (n=1 ⚠) | 0.0351 | – | "
                    "n too small |") != std::string::npos);
    // n = 2 is tested (Welch: t = -70.71, df = 2, p = 0.00019997) yet still marked.
    CHECK(text.find("| latency_avg | ms | 1.05 ± 0.07071 (n=2 ⚠) | 6.05 ± 0.07071 (n=2 ⚠) | "
                    "5.76 | < 0.001 (t) | vm |") != std::string::npos);
    CHECK(text.find("sysbench-cpu latency_avg: vm 1.05 ms vs container 6.05 ms: vm 5.76× better "
                    "(lower is better; p < 0.001, Welch's t)") != std::string::npos);
    CHECK(text.find("events_per_second: vm") == std::string::npos);  // not a difference
  }
}
