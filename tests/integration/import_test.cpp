// `clusterbench parse` and `clusterbench import` as real child processes: saved outputs (copies of
// the real fixtures) parsed locally, then stored by a real controller as labelled runs.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"

using cb::test::LocalCluster;
namespace fs = std::filesystem;

namespace {

const fs::path kData = CB_TEST_DATA;

std::string fixture(const std::string& name) {
  return *cb::os::readFile(kData / name);
}

void writeFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("import: parse --json reads saved outputs without a controller") {
  auto p = cb::test::run(
      {cb::test::bin("clusterbench"), "parse", "--json", (kData / "sysbench_cpu_t2.txt").string(),
       (kData / "iperf3/client_p2.txt").string(), (kData / "stress-ng/vm_1_64m.yaml").string()});
  REQUIRE_MESSAGE(p.exitCode == 0, p.err);
  auto samples = nlohmann::json::parse(p.out);
  REQUIRE(samples.is_array());
  std::map<std::string, int> perTool;
  for (const auto& s : samples) {
    CHECK(s["metric"].is_string());
    CHECK(s["value"].is_number());
    CHECK(s["unit"].is_string());
    CHECK(s["labels"].is_object());
    CHECK(s["file"].get<std::string>().starts_with(kData.string()));
    perTool[s["tool"]]++;
  }
  CHECK(perTool.size() == 3);
  CHECK(perTool["sysbench-cpu"] > 0);
  CHECK(perTool["iperf3-client"] > 0);
  CHECK(perTool["stress-ng-vm"] > 0);

  auto table = cb::test::run(
      {cb::test::bin("clusterbench"), "parse", (kData / "sysbench_cpu_t2.txt").string()});
  REQUIRE_MESSAGE(table.exitCode == 0, table.err);
  CHECK(table.out.find("(sysbench-cpu, ") != std::string::npos);
  CHECK(table.out.find("events_per_second") != std::string::npos);

  auto junk =
      cb::test::run({cb::test::bin("clusterbench"), "parse", "--json",
                     (kData / "sysbench_cpu_t2.txt").string(), (kData / "README.md").string()});
  CHECK(junk.exitCode != 0);
  CHECK(junk.out.empty());
  CHECK(junk.err.find("README.md: not recognized") != std::string::npos);
  CHECK(junk.err.find("--tool") != std::string::npos);

  auto missing = cb::test::run({cb::test::bin("clusterbench"), "parse", "/nonexistent/x.txt"});
  CHECK(missing.exitCode != 0);
  CHECK(missing.err.find("/nonexistent/x.txt: no such file") != std::string::npos);

  auto wrongTool = cb::test::run({cb::test::bin("clusterbench"), "parse", "--tool", "fio",
                                  (kData / "sysbench_cpu_t2.txt").string()});
  CHECK(wrongTool.exitCode != 0);
  CHECK(wrongTool.err.find("sysbench_cpu_t2.txt: fio: ") != std::string::npos);

  for (const char* command : {"parse", "import"}) {
    auto help = cb::test::run({cb::test::bin("clusterbench"), command, "--help"});
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("--tool") != std::string::npos);
  }
}

TEST_CASE("import: a directory of saved outputs becomes labelled runs in the controller") {
  LocalCluster c;
  cb::test::TempDir results;
  fs::copy_file(kData / "sysbench_cpu_t2.txt", results.path() / "cpu_t2.txt");
  fs::copy_file(kData / "sysbench_cpu_t1_p20000.txt", results.path() / "cpu_t1.txt");
  fs::copy_file(kData / "iperf3/client_p1.txt", results.path() / "iperf_node03_upload.txt");
  writeFile(results.path() / "notes.txt", "copied by hand from the VMs\n");
  fs::create_directory(results.path() / "old");  // not a regular file: ignored

  auto r = c.cli({"import", results.path().string(), "--label", "environment=vm", "--label",
                  "setup=virtualbox", "--hostname", "node02", "--json"});
  REQUIRE_MESSAGE(r.exitCode == 0, (r.err + c.controllerLog()));
  CHECK(r.err.find("skipped notes.txt: not recognized") != std::string::npos);
  auto imported = nlohmann::json::parse(r.out);
  REQUIRE(imported["runs"].size() == 3);  // one per file
  REQUIRE(imported["skipped"].size() == 1);
  CHECK(imported["skipped"][0]["file"] == "notes.txt");

  auto listed = c.cli({"results", "--json"});
  REQUIRE_MESSAGE(listed.exitCode == 0, listed.err);
  std::map<std::string, nlohmann::json> runs;  // by file
  for (const auto& run : nlohmann::json::parse(listed.out)) runs[run["labels"]["file"]] = run;
  REQUIRE(runs.size() == 3);
  for (const auto& [file, run] : runs) {
    CAPTURE(file);
    CHECK(run["status"] == "succeeded");
    CHECK(run["labels"] == nlohmann::json{{"environment", "vm"},
                                          {"setup", "virtualbox"},
                                          {"file", file},
                                          {"tool", run["benchmark"]}});
    REQUIRE(run["results"].size() == 1);
    CHECK(run["results"][0]["command"] == nlohmann::json{"import", file});
    for (const auto& res : run["results"]) {
      CHECK(res["status"] == "succeeded");
      CHECK(res["hostname"] == "node02");
      CHECK(res["environment"] == "vm");
      CHECK(res["command"][0] == "import");
      CHECK(res["task_id"].get<std::string>().starts_with(
          "import" + std::to_string(run["run_id"].get<int>()) + "-"));
      CHECK_FALSE(res["samples"].empty());
    }
  }
  CHECK(runs["iperf_node03_upload.txt"]["benchmark"] == "iperf3-client");
  for (const char* file : {"cpu_t1.txt", "cpu_t2.txt"}) {
    const auto& res = runs[file]["results"][0];
    CHECK(runs[file]["benchmark"] == "sysbench-cpu");
    bool sawEps = false;
    for (const auto& s : res["samples"]) {
      if (s["metric"] == "events_per_second") {
        sawEps = true;
        CHECK(s["value"].get<double>() > 0);
        CHECK(s["unit"] == "events/s");
      }
    }
    CHECK(sawEps);
  }

  // Raw output is stored next to the samples, byte for byte.
  auto one =
      c.cli({"results", "--run",
             std::to_string(runs["iperf_node03_upload.txt"]["run_id"].get<int>()), "--json"});
  REQUIRE(one.exitCode == 0);
  CHECK(nlohmann::json::parse(one.out)[0]["results"][0]["raw_output"] ==
        fixture("iperf3/client_p1.txt"));

  // The plain output names the stored runs.
  cb::test::TempDir single;
  fs::copy_file(kData / "hpcc/hpccoutf_np2_n1000_nb80_p1_q2.txt", single.path() / "hpcc.txt");
  auto plain = c.cli({"import", single.path().string(), "--benchmark", "hpcc-mpi"});
  REQUIRE_MESSAGE(plain.exitCode == 0, plain.err);
  CHECK(plain.out.find("imported run ") == 0);
  CHECK(plain.out.find(": hpcc-mpi from hpcc.txt, 1 report(s), ") != std::string::npos);
}

TEST_CASE("import: nothing importable, bad labels and mixed --benchmark fail clearly") {
  LocalCluster c;
  cb::test::TempDir junk;
  writeFile(junk.path() / "a.txt", "hello\n");
  writeFile(junk.path() / "b.yaml", fixture("suites/good.yaml"));
  auto r = c.cli({"import", "--label", "environment=vm", junk.path().string()});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("skipped a.txt: not recognized") != std::string::npos);
  CHECK(r.err.find("skipped b.yaml: not recognized") != std::string::npos);
  CHECK(r.err.find("nothing to import in " + junk.path().string() + " (2 file(s) skipped") !=
        std::string::npos);

  auto empty = c.cli({"import", (junk.path() / "missing").string()});
  CHECK(empty.exitCode != 0);
  CHECK(empty.err.find("not a directory") != std::string::npos);

  cb::test::TempDir good;
  fs::copy_file(kData / "sysbench_cpu_t2.txt", good.path() / "cpu.txt");
  fs::copy_file(kData / "fio/read_psync.json", good.path() / "fio.json");
  auto badEnv = c.cli({"import", good.path().string(), "--label", "environment=VM"});
  CHECK(badEnv.exitCode == 2);
  CHECK(badEnv.err.find("environment must be vm, container or bare") != std::string::npos);
  auto badLabel = c.cli({"import", good.path().string(), "--label", "novalue"});
  CHECK(badLabel.exitCode == 2);
  CHECK(badLabel.err.find("expected KEY=VALUE") != std::string::npos);
  auto taken = c.cli({"import", good.path().string(), "--label", "file=x"});
  CHECK(taken.exitCode == 2);
  CHECK(taken.err.find("label file is set by import itself") != std::string::npos);
  auto mixed = c.cli({"import", good.path().string(), "--benchmark", "sysbench-cpu"});
  CHECK(mixed.exitCode != 0);
  CHECK(mixed.err.find("fio, sysbench-cpu") != std::string::npos);

  // Nothing was stored by the failures.
  auto listed = c.cli({"results", "--json"});
  REQUIRE(listed.exitCode == 0);
  CHECK(nlohmann::json::parse(listed.out).empty());
}

TEST_CASE("import: a directory laid out like the seeds' /shared/results, report by report") {
  LocalCluster c;
  cb::test::TempDir results;
  for (const char* name :
       {"sysbench_test_results.txt", "stressng_test_results.txt", "disk_io_test_results.txt",
        "network_test_results.txt", "iperf_127.0.0.1_upload.txt", "iperf_127.0.0.1_download.txt"}) {
    fs::copy_file(kData / "seed_results" / name, results.path() / name);
  }
  fs::copy_file(kData / "iozone/seed_excel_np2_own_cwd.xls", results.path() / "excel_output.xls");
  fs::copy_file(kData / "iozone/seed_excel2_record_below_min.xls",
                results.path() / "excel_output2.xls");

  auto r = c.cli({"import", results.path().string(), "--label", "environment=container", "--json"});
  REQUIRE_MESSAGE(r.exitCode == 0, (r.err + c.controllerLog()));
  auto imported = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> skipped;
  for (const auto& s : imported["skipped"]) skipped[s["file"]] = s["reason"];
  CHECK(skipped.size() == 3);
  CHECK(skipped["excel_output2.xls"] == "excel_output2.xls: empty file (0 bytes, no figures)");
  CHECK(
      skipped["disk_io_test_results.txt"].starts_with("disk_io_test_results.txt: not recognized"));
  CHECK(
      skipped["network_test_results.txt"].starts_with("network_test_results.txt: not recognized"));
  CHECK(r.err.find("skipped excel_output2.xls: empty file") != std::string::npos);

  // One run per file and tool; every report of a file one result, in order.
  std::map<std::pair<std::string, std::string>, nlohmann::json> runs;  // (file, tool)
  for (const auto& run : imported["runs"]) {
    runs[{run["labels"]["file"], run["labels"]["tool"]}] = run;
    CHECK(run["labels"]["environment"] == "container");
    CHECK(run["labels"]["tool"] == run["benchmark"]);
  }
  const std::map<std::pair<std::string, std::string>, std::size_t> expected = {
      {{"sysbench_test_results.txt", "sysbench-cpu"}, 2},
      {{"sysbench_test_results.txt", "sysbench-memory"}, 2},
      {{"stressng_test_results.txt", "stress-ng-cpu"}, 2},
      {{"stressng_test_results.txt", "stress-ng-vm"}, 2},
      {{"stressng_test_results.txt", "stress-ng-hdd"}, 2},
      {{"excel_output.xls", "iozone"}, 2},
      {{"iperf_127.0.0.1_upload.txt", "iperf3-client"}, 1},
      {{"iperf_127.0.0.1_download.txt", "iperf3-client"}, 1},
  };
  REQUIRE(runs.size() == expected.size());
  for (const auto& [key, reports] : expected) {
    CAPTURE(key.first);
    CAPTURE(key.second);
    REQUIRE(runs.count(key) == 1);
    const auto& results = runs[key]["results"];
    REQUIRE(results.size() == reports);
    for (std::size_t i = 0; i < reports; ++i) {
      auto command = nlohmann::json{"import", key.first};
      if (reports > 1) command.insert(command.end(), {"report", std::to_string(i + 1)});
      CHECK(results[i]["command"] == command);
      CHECK(results[i]["status"] == "succeeded");
      CHECK(results[i]["environment"] == "container");
      CHECK_FALSE(results[i]["samples"].empty());
    }
  }
  auto eps = [&](std::size_t i) {
    for (const auto& s :
         runs[{"sysbench_test_results.txt", "sysbench-cpu"}]["results"][i]["samples"])
      if (s["metric"] == "events_per_second") return s["value"].get<double>();
    return 0.0;
  };
  CHECK(eps(0) == doctest::Approx(1162.66));
  CHECK(eps(1) == doctest::Approx(764.23));

  // The plain form lists the runs, then what was skipped and why.
  auto again = c.cli({"import", results.path().string()});
  REQUIRE_MESSAGE(again.exitCode == 0, again.err);
  CHECK(again.out.find(": sysbench-cpu from sysbench_test_results.txt, 2 report(s), ") !=
        std::string::npos);
  CHECK(again.out.find(": stress-ng-hdd from stressng_test_results.txt, 2 report(s), ") !=
        std::string::npos);
  CHECK(again.out.find("skipped excel_output2.xls: empty file") != std::string::npos);
  CHECK(again.out.find("skipped network_test_results.txt: not recognized") != std::string::npos);
}
