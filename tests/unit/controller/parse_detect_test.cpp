// Saved outputs (controller/import/saved_outputs.hpp): detection over the real fixtures in
// tests/data, parsing without parameters, and the importRun document both sides check.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

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

/// Every fixture that is a tool's output, with the catalog name that must detect it.
std::vector<std::pair<std::string, std::string>> toolOutputs() {
  std::vector<std::pair<std::string, std::string>> out{
      {"sysbench_cpu_t1_p20000.txt", "sysbench-cpu"}, {"sysbench_cpu_t2.txt", "sysbench-cpu"}};
  auto add = [&](const std::string& dir, auto toolOf) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(kData / dir)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
      std::string tool = toolOf(n);
      if (!tool.empty()) out.emplace_back(dir + "/" + n, tool);
    }
  };
  add("sysbench", [](const std::string& n) {
    return n.starts_with("memory_") ? "sysbench-memory" : "sysbench-fileio";
  });
  add("stress-ng", [](const std::string& n) -> std::string {
    // Several stressors: no single benchmark.
    if (n.starts_with("multi_") || n.starts_with("text_multi_")) return "";
    return "stress-ng-" + n.substr(0, n.find('_'));
  });
  add("fio", [](const std::string&) { return "fio"; });
  add("iozone", [](const std::string& n) -> std::string {
    // Empty, and two reports in one file: seed_import_test.cpp.
    if (n.starts_with("seed_excel2_") || n.starts_with("seed_excel_np2_own_cwd")) return "";
    return "iozone";
  });
  add("iperf3", [](const std::string& n) {
    return n.starts_with("server_") ? "iperf3-server" : "iperf3-client";
  });
  add("hpcc", [](const std::string& n) -> std::string {
    return n.starts_with("hpccoutf_") ? "hpcc" : "";  // hpccinf.txt is an input, not an output
  });
  return out;
}

/// Outputs of failed or empty runs: detected as their tool, but holding no figures.
const std::set<std::string> kNoFigures{"iperf3/client_refused.txt", "iperf3/client_refused.json",
                                       "iozone/auto_min_file_above_max_empty.txt"};

nlohmann::json goodDocument() {
  return {{"benchmark", "sysbench-cpu"},
          {"labels", {{"environment", "vm"}}},
          {"results",
           {{{"hostname", "node02"},
             {"file", "cpu.txt"},
             {"raw_output", "text"},
             {"samples",
              {{{"metric", "events_per_second"},
                {"value", 1.5},
                {"unit", "events/s"},
                {"labels", nlohmann::json::object()}}}}}}}};
}

}  // namespace

TEST_CASE("detect: every fixture is detected as its own tool, and only as it") {
  auto catalog = cb::bench::makeDefaultCatalog();
  auto outputs = toolOutputs();
  REQUIRE(outputs.size() >= 40);
  for (const auto& [file, tool] : outputs) {
    CAPTURE(file);
    auto b = cb::imports::chooseBenchmark(catalog, file, fixture(file), "");
    REQUIRE_MESSAGE(b.ok(), b.error());
    CHECK((*b)->name() == tool);
  }
}

TEST_CASE("detect: fixtures parse into samples without parameters") {
  auto catalog = cb::bench::makeDefaultCatalog();
  for (const auto& [file, tool] : toolOutputs()) {
    CAPTURE(file);
    auto out = cb::imports::parseSavedOutput(catalog, file, fixture(file), "");
    if (kNoFigures.contains(file)) {
      REQUIRE_FALSE(out.ok());
      CHECK(out.error().starts_with(file + ": " + tool + ": "));
      continue;
    }
    REQUIRE_MESSAGE(out.ok(), out.error());
    CHECK(out->tool == tool);
    CHECK(out->file == file);
    CHECK_FALSE(out->samples.empty());
    auto json = cb::imports::samplesToJson(*out);
    REQUIRE(json.size() == out->samples.size());
    CHECK(json[0]["file"] == file);
    CHECK(json[0]["tool"] == tool);
    CHECK(json[0]["value"].is_number());
  }
}

TEST_CASE("detect: files that are no tool's output are not recognized") {
  auto catalog = cb::bench::makeDefaultCatalog();
  for (const std::string file :
       {"README.md", "suites/good.yaml", "hpcc/hpccinf_n1000_nb80_p1_q2.txt",
        "facts/podman-runc/root/proc/cpuinfo", "stress-ng/multi_cpu_vm_hdd.yaml",
        "stress-ng/text_multi_cpu_vm_hdd.txt"}) {
    CAPTURE(file);
    auto b = cb::imports::chooseBenchmark(catalog, file, fixture(file), "");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().starts_with(file + ": not recognized"));
    CHECK(b.error().find("sysbench-cpu") != std::string::npos);  // lists the known tools
  }
  CHECK_FALSE(cb::imports::chooseBenchmark(catalog, "empty", "", "").ok());
}

TEST_CASE("detect: output two tools recognize asks for --tool; its reports are read apart") {
  auto catalog = cb::bench::makeDefaultCatalog();
  // The seed's sysbench_tests.sh appends a cpu and a memory run to one file.
  std::string both = fixture("sysbench_cpu_t2.txt") + fixture("sysbench/memory_write_seq_t1.txt");
  auto b = cb::imports::chooseBenchmark(catalog, "sysbench_test_results.txt", both, "");
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().find("sysbench_test_results.txt") == 0);
  CHECK(b.error().find("sysbench-cpu, sysbench-memory") != std::string::npos);
  CHECK(b.error().find("--tool") != std::string::npos);

  // Read report by report, each is one tool's; --tool applies to every report, so naming one
  // of the two tools fails on the other's report instead of dropping it.
  auto split = cb::imports::parseSavedReports(catalog, "f", both, "");
  REQUIRE_MESSAGE(split.ok(), split.error());
  REQUIRE(split->size() == 2);
  CHECK((*split)[0].tool == "sysbench-cpu");
  CHECK((*split)[1].tool == "sysbench-memory");
  auto cpu = cb::imports::parseSavedReports(catalog, "f", both, "sysbench-cpu");
  REQUIRE_FALSE(cpu.ok());
  CHECK(cpu.error().starts_with("f:"));
  CHECK(cpu.error().find(" (report 2 of 2): sysbench-cpu: ") != std::string::npos);
  auto one = cb::imports::parseSavedOutput(catalog, "f", both, "");
  REQUIRE_FALSE(one.ok());
  CHECK(one.error() == "f: holds 2 reports where one was expected");

  auto unknown = cb::imports::chooseBenchmark(catalog, "f", both, "nope");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().starts_with("unknown tool 'nope' (known: "));

  auto wrong = cb::imports::parseSavedOutput(catalog, "x.txt", fixture("fio/read_psync.json"),
                                             "sysbench-cpu");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().starts_with("x.txt: sysbench-cpu: "));
}

TEST_CASE("import document: one document per file, labels and host name on every result") {
  auto catalog = cb::bench::makeDefaultCatalog();
  std::vector<SavedOutput> outputs;
  for (const std::string f :
       {"sysbench_cpu_t2.txt", "iperf3/client_p1.txt", "sysbench_cpu_t1_p20000.txt"}) {
    auto o = cb::imports::parseSavedOutput(catalog, f, fixture(f), "");
    REQUIRE_MESSAGE(o.ok(), o.error());
    outputs.push_back(*o);
  }
  cb::imports::ImportOptions options;
  options.labels = {{"environment", "vm"}, {"setup", "virtualbox"}};
  auto docs = cb::imports::buildImportDocuments(outputs, options, catalog);
  REQUIRE_MESSAGE(docs.ok(), docs.error());
  REQUIRE(docs->size() == 3);
  CHECK((*docs)[0]["benchmark"] == "sysbench-cpu");
  CHECK((*docs)[1]["benchmark"] == "iperf3-client");
  CHECK((*docs)[2]["benchmark"] == "sysbench-cpu");
  const auto& cpu = (*docs)[0];
  CHECK(cpu["labels"] == nlohmann::json{{"environment", "vm"},
                                        {"setup", "virtualbox"},
                                        {"file", "sysbench_cpu_t2.txt"},
                                        {"tool", "sysbench-cpu"}});
  REQUIRE(cpu["results"].size() == 1);
  CHECK(cpu["results"][0]["file"] == "sysbench_cpu_t2.txt");
  CHECK_FALSE(cpu["results"][0].contains("report"));  // the file's only report
  CHECK((*docs)[2]["results"][0]["file"] == "sysbench_cpu_t1_p20000.txt");
  CHECK(cpu["results"][0]["hostname"] == "imported");
  CHECK(cpu["results"][0]["raw_output"] == fixture("sysbench_cpu_t2.txt"));
  CHECK_FALSE(cpu["results"][0]["samples"][0].contains("file"));
  CHECK_FALSE(cpu["results"][0]["samples"][0].contains("report"));

  auto read = cb::imports::readImportDocumentText(cpu.dump(), catalog);
  REQUIRE_MESSAGE(read.ok(), read.error());
  CHECK(read->benchmark == "sysbench-cpu");
  CHECK(read->results.size() == 1);
  CHECK(read->results[0].report == 0);
  CHECK(read->results[0].samples.size() == outputs[0].samples.size());

  auto taken = options;
  taken.labels["file"] = "mine";
  auto clash = cb::imports::buildImportDocuments(outputs, taken, catalog);
  REQUIRE_FALSE(clash.ok());
  CHECK(clash.error().find("label file is set by import itself") != std::string::npos);

  options.benchmark = "sysbench-cpu";
  auto mixed = cb::imports::buildImportDocuments(outputs, options, catalog);
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error().find("iperf3-client, sysbench-cpu") != std::string::npos);

  outputs.erase(outputs.begin() + 1);
  options.benchmark = "noop";
  auto renamed = cb::imports::buildImportDocuments(outputs, options, catalog);
  REQUIRE_MESSAGE(renamed.ok(), renamed.error());
  CHECK((*renamed)[0]["benchmark"] == "noop");

  CHECK_FALSE(cb::imports::buildImportDocuments({}, {}, catalog).ok());
}

TEST_CASE("import document: invalid UTF-8 in a saved file is replaced, not an error") {
  auto catalog = cb::bench::makeDefaultCatalog();
  auto o = cb::imports::parseSavedOutput(catalog, "latin1-\xe9.txt",
                                         fixture("sysbench_cpu_t2.txt") + "caf\xe9\n", "");
  REQUIRE_MESSAGE(o.ok(), o.error());
  auto docs = cb::imports::buildImportDocuments({*o}, {}, catalog);
  REQUIRE_MESSAGE(docs.ok(), docs.error());
  CHECK((*docs)[0]["results"][0]["file"] == "latin1-\xef\xbf\xbd.txt");
  CHECK_NOTHROW((void)(*docs)[0].dump());
}

TEST_CASE("import document: the daemon's reading is strict and says where the problem is") {
  auto catalog = cb::bench::makeDefaultCatalog();
  REQUIRE(cb::imports::readImportDocument(goodDocument(), catalog).ok());
  auto errorOf = [&](const std::function<void(nlohmann::json&)>& change) {
    auto doc = goodDocument();
    change(doc);
    auto r = cb::imports::readImportDocument(doc, catalog);
    return r.ok() ? std::string("accepted") : r.error();
  };
  CHECK(cb::imports::readImportDocumentText("{\"benchmark\": ", catalog).error() ==
        "import document is not valid JSON");
  CHECK(errorOf([](auto& d) { d = nlohmann::json::array(); }).find("expected a JSON object") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) { d["extra"] = 1; }).find("unknown key 'extra'") != std::string::npos);
  CHECK(errorOf([](auto& d) { d["benchmark"] = "rm"; }).find("unknown benchmark 'rm'") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) { d["benchmark"] = 7; }).find("'benchmark' must be a string") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["labels"]["environment"] = "VM";
        }).find("environment must be vm, container or bare") != std::string::npos);
  CHECK(errorOf([](auto& d) { d["labels"]["bad key"] = "x"; }).find("label key 'bad key'") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) { d["labels"]["n"] = 1; }).find("label 'n' must be a string") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) { d["results"] = nlohmann::json::array(); }).find("0 results") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["results"][0]["hostname"] = "-x";
        }).find("result 1 (cpu.txt): hostname '-x'") != std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["results"][0].erase("raw_output");
        }).find("result 1 (cpu.txt): missing 'raw_output'") != std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["results"][0]["samples"] = nlohmann::json::array();
        }).find("no samples") != std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["results"][0]["samples"][0]["value"] = "1";
        }).find("sample 1 (events_per_second): value must be a finite number") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["results"][0]["samples"][0]["metric"] = "";
        }).find("sample 1: metric") != std::string::npos);
  CHECK(errorOf([](auto& d) {
          d["results"][0]["report"] = 0;
        }).find("result 1 (cpu.txt): 'report' must be an integer 1..") != std::string::npos);
  CHECK(errorOf([](auto& d) { d["results"][0]["report"] = "2"; }).find("'report' must be") !=
        std::string::npos);
  CHECK(errorOf([](auto& d) { d["results"][0]["file"] = "a\nb"; }).find("file must be") !=
        std::string::npos);

  // Limits: results, raw output in total.
  CHECK(errorOf([](auto& d) {
          for (std::size_t i = 0; i < cb::imports::kMaxImportResults; ++i) {
            d["results"].push_back(d["results"][0]);
          }
        }).find("results; expected 1..") != std::string::npos);
  CHECK(errorOf([](auto& d) {
          std::string big(cb::imports::kMaxImportRawBytes / 2 + 1, 'x');
          d["results"][0]["raw_output"] = big;
          d["results"].push_back(d["results"][0]);
        }).find("raw outputs exceed 12.0 MiB in total at result 2") != std::string::npos);
}
