// Which way is better, for every metric the real parsers produce from the captured fixtures.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>

#include "bench/catalog.hpp"
#include "import/saved_outputs.hpp"
#include "report/direction.hpp"
#include "report/family.hpp"

using cb::report::Better;
using cb::report::betterDirection;
namespace fs = std::filesystem;

TEST_SUITE("report") {
  TEST_CASE("report direction: every metric of every fixture has the expected direction") {
    const std::map<std::string, Better> expected = {
        // HPCC
        {"hpl_gflops", Better::kHigher},
        {"star_dgemm_gflops", Better::kHigher},
        {"ptrans_gbs", Better::kHigher},
        {"mpi_random_access_gups", Better::kHigher},
        {"star_random_access_gups", Better::kHigher},
        {"single_random_access_gups", Better::kHigher},
        {"mpi_fft_gflops", Better::kHigher},
        {"star_fft_gflops", Better::kHigher},
        {"single_fft_gflops", Better::kHigher},
        {"star_stream_copy_gbs", Better::kHigher},
        {"single_stream_copy_gbs", Better::kHigher},
        {"star_stream_triad_gbs", Better::kHigher},
        {"single_stream_triad_gbs", Better::kHigher},
        {"success", Better::kNone},
        {"comm_world_procs", Better::kNone},
        // sysbench
        {"events_per_second", Better::kHigher},
        {"operations_per_second", Better::kHigher},
        {"transfer_rate", Better::kHigher},
        {"reads_per_second", Better::kHigher},
        {"writes_per_second", Better::kHigher},
        {"fsyncs_per_second", Better::kHigher},
        {"read_rate", Better::kHigher},
        {"write_rate", Better::kHigher},
        {"latency_avg", Better::kLower},
        {"latency_p95", Better::kLower},
        {"latency_max", Better::kLower},
        {"total_events", Better::kNone},
        {"total_time", Better::kNone},
        {"total_operations", Better::kNone},
        {"transferred", Better::kNone},
        // stress-ng
        {"bogo_ops", Better::kNone},
        {"bogo_ops_per_second_real", Better::kHigher},
        {"bogo_ops_per_second_usr_sys", Better::kHigher},
        {"real_time", Better::kNone},
        {"usr_time", Better::kNone},
        {"sys_time", Better::kNone},
        {"cpu_usage_per_instance", Better::kNone},
        {"max_rss", Better::kNone},
        {"readwrite_rate", Better::kHigher},
        // iperf3
        {"sent_bits_per_second", Better::kHigher},
        {"received_bits_per_second", Better::kHigher},
        {"retransmits", Better::kLower},
        {"cpu_utilization_host", Better::kNone},
        {"cpu_utilization_remote", Better::kNone},
        {"tests_served", Better::kNone},
        // fio
        {"iops", Better::kHigher},
        {"bandwidth", Better::kHigher},
        {"latency_mean", Better::kLower},
        {"clat_p50", Better::kLower},
        {"clat_p95", Better::kLower},
        {"clat_p99", Better::kLower},
        // iozone
        {"writer", Better::kHigher},
        {"re_writer", Better::kHigher},
        {"reader", Better::kHigher},
        {"re_reader", Better::kHigher},
        {"random_read", Better::kHigher},
        {"random_write", Better::kHigher},
        {"backward_read", Better::kHigher},
        {"record_rewrite", Better::kHigher},
        {"stride_read", Better::kHigher},
        {"fwrite", Better::kHigher},
        {"re_fwrite", Better::kHigher},
        {"fread", Better::kHigher},
        {"re_fread", Better::kHigher},
    };
    const auto catalog = cb::bench::makeDefaultCatalog();
    std::set<std::string> seen;
    std::size_t parsed = 0;
    for (const auto& entry : fs::recursive_directory_iterator(CB_TEST_DATA)) {
      if (!entry.is_regular_file()) continue;
      auto text = cb::imports::readSavedOutputFile(entry.path().string());
      if (!text) continue;
      auto out =
          cb::imports::parseSavedOutput(catalog, entry.path().string(), std::move(*text), "");
      if (!out) continue;  // not a tool output, or one captured to show a failure
      ++parsed;
      for (const auto& s : out->samples) {
        seen.insert(s.metric);
        auto it = expected.find(s.metric);
        INFO(out->tool << " " << s.metric << " [" << s.unit << "] from " << entry.path());
        REQUIRE(it != expected.end());
        CHECK(betterDirection(s.metric, s.unit) == it->second);
      }
    }
    CHECK(parsed >= 30);
    // Every family the seeds compare was among the fixtures.
    for (const char* m : {"hpl_gflops", "events_per_second", "bogo_ops_per_second_real",
                          "sent_bits_per_second", "writer", "iops", "latency_avg"}) {
      CHECK_MESSAGE(seen.contains(m), m);
    }
  }

  TEST_CASE("report direction: units decide for unknown names") {
    CHECK(betterDirection("something_new", "MB/s") == Better::kHigher);
    CHECK(betterDirection("something_new", "ms") == Better::kLower);
    CHECK(betterDirection("boot_seconds", "") == Better::kLower);
    CHECK(betterDirection("network_throughput", "") == Better::kHigher);
    CHECK(betterDirection("something_new", "count") == Better::kNone);
    CHECK(cb::report::betterName(Better::kLower) == "lower");
  }

  TEST_CASE("report direction: benchmark families") {
    using cb::report::familyOf;
    CHECK(familyOf("hpcc") == "hpcc");
    CHECK(familyOf("hpcc-mpi") == "hpcc");
    CHECK(familyOf("stress-ng-vm") == "stress-ng");
    CHECK(familyOf("sysbench-fileio") == "sysbench");
    CHECK(familyOf("iperf3-client") == "iperf3");
    CHECK(familyOf("iozone") == "iozone");
    CHECK(familyOf("fiona") == "fiona");  // a prefix alone is not a family
    CHECK(familyOf("noop") == "noop");
    CHECK(cb::report::familyRank("hpcc") < cb::report::familyRank("iozone"));
    CHECK(cb::report::familyRank("noop") > cb::report::familyRank("fio"));
    CHECK(cb::report::familyIsPerNode("iperf3"));
    CHECK_FALSE(cb::report::familyIsPerNode("sysbench"));
  }
}
