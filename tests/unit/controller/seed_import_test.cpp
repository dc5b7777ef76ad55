// The seeds' saved outputs as their scripts write them (tests/data/seed_results and the iozone
// Excel cuts, captured here with two processes through mpirun; commands in tests/data/README.md):
// every report found and labelled by its ordinal, one import document per file and tool, and what
// does not parse named with its reason.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "bench/catalog.hpp"
#include "import/saved_outputs.hpp"
#include "os/atomic_file.hpp"

namespace fs = std::filesystem;
using cb::imports::SavedOutput;

namespace {

const fs::path kData = CB_TEST_DATA;

std::string fixture(const std::string& name) {
  return *cb::os::readFile(kData / name);
}

double value(const SavedOutput& o, const std::string& metric) {
  for (const auto& s : o.samples) {
    if (s.metric == metric) return s.value;
  }
  FAIL("no metric " << metric << " in " << o.file << " report " << o.report);
  return 0;
}

}  // namespace

TEST_CASE("seed import: sysbench_test_results.txt gives two cpu and two memory reports") {
  auto catalog = cb::bench::makeDefaultCatalog();
  const std::string file = "sysbench_test_results.txt";
  auto out = cb::imports::parseSavedReports(catalog, file, fixture("seed_results/" + file), "");
  REQUIRE_MESSAGE(out.ok(), out.error());
  REQUIRE(out->size() == 4);
  const std::vector<std::string> tools = {"sysbench-cpu", "sysbench-cpu", "sysbench-memory",
                                          "sysbench-memory"};
  const std::vector<std::size_t> lines = {29, 47, 99, 119};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK((*out)[i].file == file);
    CHECK((*out)[i].tool == tools[i]);
    CHECK((*out)[i].report == i % 2 + 1);
    CHECK((*out)[i].reports == 2);
    CHECK((*out)[i].line == lines[i]);
  }
  CHECK(value((*out)[0], "events_per_second") == doctest::Approx(1162.66));
  CHECK(value((*out)[1], "events_per_second") == doctest::Approx(764.23));
  CHECK(value((*out)[2], "operations_per_second") == doctest::Approx(3433591.33));
  CHECK(value((*out)[3], "operations_per_second") == doctest::Approx(3500823.67));
  CHECK((*out)[1].rawOutput.starts_with("CPU speed:\n    events per second:   764.23\n"));
  auto json = cb::imports::samplesToJson((*out)[1]);
  CHECK(json[0]["report"] == 2);
  CHECK(json[0]["tool"] == "sysbench-cpu");
}

TEST_CASE("seed import: stressng_test_results.txt gives two reports of each stressor") {
  auto catalog = cb::bench::makeDefaultCatalog();
  const std::string file = "stressng_test_results.txt";
  auto out = cb::imports::parseSavedReports(catalog, file, fixture("seed_results/" + file), "");
  REQUIRE_MESSAGE(out.ok(), out.error());
  REQUIRE(out->size() == 6);
  const std::vector<std::string> tools = {"stress-ng-cpu", "stress-ng-cpu", "stress-ng-vm",
                                          "stress-ng-vm",  "stress-ng-hdd", "stress-ng-hdd"};
  const std::vector<double> bogoOps = {3429, 2788, 10499, 9600, 561704, 533172};
  for (std::size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK((*out)[i].tool == tools[i]);
    CHECK((*out)[i].report == i % 2 + 1);
    CHECK((*out)[i].reports == 2);
    CHECK(value((*out)[i], "bogo_ops") == doctest::Approx(bogoOps[i]));
  }
  CHECK(value((*out)[5], "write_rate") == doctest::Approx(0.87));
  CHECK(value((*out)[2], "bogo_ops_per_second_usr_sys") == doctest::Approx(5201.84));
}

TEST_CASE("seed import: iozone Excel cuts, one report or two; the empty one is named") {
  auto catalog = cb::bench::makeDefaultCatalog();
  auto two = cb::imports::parseSavedReports(catalog, "excel_output.xls",
                                            fixture("iozone/seed_excel_np2_own_cwd.xls"), "");
  REQUIRE_MESSAGE(two.ok(), two.error());
  REQUIRE(two->size() == 2);
  CHECK((*two)[0].tool == "iozone");
  CHECK((*two)[1].report == 2);
  CHECK((*two)[1].line == 72);
  auto one = cb::imports::parseSavedReports(catalog, "excel_output.xls",
                                            fixture("iozone/seed_excel_np2_shared_cwd.xls"), "");
  REQUIRE_MESSAGE(one.ok(), one.error());
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].reports == 1);
  CHECK((*one)[0].rawOutput == fixture("iozone/seed_excel_np2_shared_cwd.xls"));
  auto empty = cb::imports::parseSavedReports(
      catalog, "excel_output2.xls", fixture("iozone/seed_excel2_record_below_min.xls"), "");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error() == "excel_output2.xls: empty file (0 bytes, no figures)");
}

TEST_CASE("seed import: files without figures are not recognized, and say so by name") {
  auto catalog = cb::bench::makeDefaultCatalog();
  for (const std::string file : {"disk_io_test_results.txt", "network_test_results.txt"}) {
    CAPTURE(file);
    auto out = cb::imports::parseSavedReports(catalog, file, fixture("seed_results/" + file), "");
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().starts_with(file + ": not recognized"));
  }
}

TEST_CASE("seed import: one document per file and tool, each report a result with its ordinal") {
  auto catalog = cb::bench::makeDefaultCatalog();
  std::vector<SavedOutput> outputs;
  for (const std::string file :
       {"sysbench_test_results.txt", "stressng_test_results.txt", "iperf_127.0.0.1_upload.txt"}) {
    auto out = cb::imports::parseSavedReports(catalog, file, fixture("seed_results/" + file), "");
    REQUIRE_MESSAGE(out.ok(), out.error());
    outputs.insert(outputs.end(), out->begin(), out->end());
  }
  cb::imports::ImportOptions options;
  options.labels = {{"environment", "vm"}};
  auto docs = cb::imports::buildImportDocuments(outputs, options, catalog);
  REQUIRE_MESSAGE(docs.ok(), docs.error());
  REQUIRE(docs->size() == 6);
  std::vector<std::string> benchmarks;
  for (const auto& d : *docs) benchmarks.push_back(d["benchmark"]);
  CHECK(benchmarks == std::vector<std::string>{"sysbench-cpu", "sysbench-memory", "stress-ng-cpu",
                                               "stress-ng-vm", "stress-ng-hdd", "iperf3-client"});
  const auto& memory = (*docs)[1];
  CHECK(memory["labels"] == nlohmann::json{{"environment", "vm"},
                                           {"file", "sysbench_test_results.txt"},
                                           {"tool", "sysbench-memory"}});
  REQUIRE(memory["results"].size() == 2);
  CHECK(memory["results"][0]["report"] == 1);
  CHECK(memory["results"][1]["report"] == 2);
  CHECK(memory["results"][1]["file"] == "sysbench_test_results.txt");
  CHECK(memory["results"][1]["raw_output"].get<std::string>().starts_with("Total operations:"));
  CHECK_FALSE((*docs)[5]["results"][0].contains("report"));
  auto read = cb::imports::readImportDocument(memory, catalog);
  REQUIRE_MESSAGE(read.ok(), read.error());
  CHECK(read->results[1].report == 2);
}
