// The study sequence (controller/study) against a scripted executor: which commands run in
// which order, what their JSON outputs mean, and what happens when a step fails.
#include <doctest/doctest.h>

#include <map>

#include "study/study_run.hpp"

namespace {
using cb::study::ChildResult;
using cb::study::StudyOptions;

StudyOptions options() {
  StudyOptions o;
  o.providers = {"qemu", "podman"};
  o.suite = "/src/suites/quick.yaml";
  o.outDir = "/tmp/study";
  o.stateDir = "/var/lib/cb";
  o.studyId = "s1";
  return o;
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

/// Replies by the command's words after --state-dir DIR; records every call as "leg: words".
struct Script {
  std::vector<std::string> calls;
  std::map<std::string, ChildResult> replies;  // key: "<leg> <first words>" prefix match
  int suiteRun = 0;

  ChildResult operator()(const std::vector<std::string>& args, const std::string& leg) {
    std::string words = joined({args.begin() + 2, args.end()});
    calls.push_back(leg + ": " + words);
    for (const auto& [key, reply] : replies) {
      if ((leg + ": " + words).rfind(key, 0) == 0) return reply;
    }
    if (words.rfind("lab status", 0) == 0) return {0, R"({"up": false})", "", 0.1};
    if (words.rfind("lab up", 0) == 0) {
      return {0,
              leg == "qemu"
                  ? R"({"up": true, "accel": "tcg", "disk_format": "raw", "disk_cache": "unsafe"})"
                  : R"({"up": true, "accel": "", "disk_format": "", "disk_cache": ""})",
              "", 40};
    }
    if (words.rfind("run ", 0) == 0) {
      ++suiteRun;
      auto a = std::to_string(suiteRun * 10), b = std::to_string(suiteRun * 10 + 1);
      return {0,
              R"({"suite": "quick", "status": "succeeded", "runs": [{"run_id": )" + a +
                  R"(, "status": "succeeded"}, {"run_id": )" + b + R"(, "status": "succeeded"}]})",
              "", 90};
    }
    return {0, "", "", 1};
  }
};

}  // namespace

TEST_SUITE_BEGIN("study");

TEST_CASE("study: each lab up, suite, down in turn, then one md and one html report") {
  Script script;
  std::vector<std::string> said;
  auto r = cb::study::runStudy(
      options(), [&](const auto& a, const auto& l) { return script(a, l); },
      [&](const std::string& s) { said.push_back(s); });
  CHECK_MESSAGE(r.ok(), r.error);
  CHECK(script.calls ==
        std::vector<std::string>{
            ": lab status --json",
            "qemu: lab up --provider qemu --nodes 3 --json --accel auto --disk-format raw "
            "--disk-cache unsafe",
            "qemu: run /src/suites/quick.yaml --json --progress --label study=s1 --label "
            "lab_provider=qemu --label environment=vm --label accel=tcg --label disk_format=raw "
            "--label disk_cache=unsafe",
            "qemu: lab down", "podman: lab up --provider podman --nodes 3 --json",
            "podman: run /src/suites/quick.yaml --json --progress --label study=s1 --label "
            "lab_provider=podman --label environment=container",
            "podman: lab down",
            ": report --runs 10,11,20,21 --group-by environment --format md -o "
            "/tmp/study/study.md",
            ": report --runs 10,11,20,21 --group-by environment --format html -o "
            "/tmp/study/study.html"});
  CHECK(r.runIds == std::vector<std::int64_t>{10, 11, 20, 21});
  CHECK(r.reports == std::vector<std::string>{"/tmp/study/study.md", "/tmp/study/study.html"});
  REQUIRE(r.legs.size() == 2);
  CHECK(r.legs[0].accel == "tcg");
  CHECK(r.legs[0].upSeconds == doctest::Approx(40));
  CHECK(r.legs[1].accel.empty());
  auto j = r.toJson();
  CHECK(j["ok"] == true);
  CHECK(j["legs"][1]["run_ids"] == nlohmann::json::array({20, 21}));
  CHECK(said.front() == "== qemu: lab up, 3 nodes");
}

TEST_CASE("study: a lab already up stops it before anything starts") {
  Script script;
  script.replies[": lab status"] = {0, R"({"up": true, "provider": "netns"})", "", 0};
  auto r = cb::study::runStudy(options(), std::ref(script), [](const std::string&) {});
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("a netns lab is already up") != std::string::npos);
  CHECK(script.calls.size() == 1);
}

TEST_CASE("study: a failed lab up skips that leg; the other leg and the report still run") {
  Script script;
  script.replies["qemu: lab up"] = {
      1, "",
      "booting\nerror: lab up: qemu: 1 of 3 VMs not ready; last lines of console.log:\n"
      "Booting Linux\n\n",
      900};
  auto r = cb::study::runStudy(options(), std::ref(script), [](const std::string&) {});
  CHECK_FALSE(r.ok());
  REQUIRE(r.legs.size() == 2);
  CHECK_FALSE(r.legs[0].up);
  CHECK(r.legs[0].error ==
        "lab up failed (exit 1): error: lab up: qemu: 1 of 3 VMs not ready; last lines of "
        "console.log:");
  for (const auto& c : script.calls) CHECK(c.find("qemu: lab down") == std::string::npos);
  CHECK(r.legs[1].error.empty());
  CHECK(r.runIds == std::vector<std::int64_t>{10, 11});
  CHECK(r.reports.size() == 2);  // the report of what was stored
}

TEST_CASE("study: a partial suite is reported; a lab that will not go down stops the study") {
  Script script;
  script.replies["qemu: run"] = {
      3, R"({"status": "partial", "runs": [{"run_id": 5, "status": "failed"}]})", "", 10};
  script.replies["qemu: lab down"] = {1, "", "error: lab down: ip netns del failed\n", 1};
  auto r = cb::study::runStudy(options(), std::ref(script), [](const std::string&) {});
  REQUIRE(r.legs.size() == 1);
  CHECK(r.legs[0].error ==
        "suite partial (1 run(s) did not succeed); lab down failed (exit 1): error: lab down: ip "
        "netns del failed");
  CHECK(r.error.find("qemu: the lab is still up") != std::string::npos);
  CHECK(r.runIds == std::vector<std::int64_t>{5});
  CHECK(r.reports.size() == 2);
  CHECK_FALSE(r.ok());
}

TEST_CASE("study: a suite that printed no summary and no runs at all means no report") {
  Script script;
  script.replies["qemu: run"] = {1, "", "error: no controller is running\n", 0};
  script.replies["podman: run"] = {1, "", "error: no controller is running\n", 0};
  auto r = cb::study::runStudy(options(), std::ref(script), [](const std::string&) {});
  CHECK(r.legs[0].error == "the suite failed (exit 1): error: no controller is running");
  CHECK(r.error == "no run was stored, so there is nothing to report");
  CHECK(r.reports.empty());
}

TEST_CASE("study: by default a native leg follows the VM and container legs, labelled bare") {
  StudyOptions defaults;
  CHECK(defaults.providers == std::vector<std::string>{"qemu", "podman", "netns"});
  auto o = options();
  o.providers = defaults.providers;
  Script script;
  auto r = cb::study::runStudy(o, std::ref(script), [](const std::string&) {});
  CHECK_MESSAGE(r.ok(), r.error);
  REQUIRE(r.legs.size() == 3);
  CHECK(r.legs[2].provider == "netns");
  CHECK(script.calls[7] == "netns: lab up --provider netns --nodes 3 --json");
  CHECK(script.calls[8] ==
        "netns: run /src/suites/quick.yaml --json --progress --label study=s1 --label "
        "lab_provider=netns --label environment=bare");
  CHECK(r.runIds == std::vector<std::int64_t>{10, 11, 20, 21, 30, 31});
  auto j = r.toJson();
  CHECK(j["legs"][0]["environment"] == "vm");
  CHECK(j["legs"][1]["environment"] == "container");
  CHECK(j["legs"][2]["environment"] == "bare");
  CHECK(j["legs"][0]["disk_format"] == "raw");
  CHECK(j["legs"][0]["disk_cache"] == "unsafe");
  CHECK(j["legs"][2]["disk_format"] == "");
  CHECK(cb::study::legEnvironment("nspawn") == "container");
  CHECK(cb::study::legEnvironment("loopback") == "bare");
  CHECK(cb::study::legEnvironment("vbox").empty());
}

TEST_CASE("study options: every bad value is named") {
  auto bad = [](auto change) {
    auto o = options();
    change(o);
    auto s = cb::study::checkStudyOptions(o);
    REQUIRE_FALSE(s);
    return s.error();
  };
  CHECK(bad([](StudyOptions& o) { o.providers = {"vbox"}; }) ==
        "--providers: 'vbox' is not a lab provider (see `clusterbench lab up --help`)");
  CHECK(bad([](StudyOptions& o) {
          o.providers = {"qemu", "qemu"};
        }) == "--providers: 'qemu' given twice");
  CHECK(bad([](StudyOptions& o) { o.providers.clear(); }).find("at least one") !=
        std::string::npos);
  CHECK(bad([](StudyOptions& o) { o.nodes = 1; }) ==
        "--nodes 1: must be 2-50 (iperf3 needs two nodes)");
  CHECK(bad([](StudyOptions& o) {
          o.studyId = std::string(300, 'x');
        }).find("--id: label 'study' must be printable text of at most 256") == 0);
  CHECK(bad([](StudyOptions& o) { o.accel = "hvf"; }) == "--accel 'hvf': auto, kvm or tcg");
  CHECK(bad([](StudyOptions& o) { o.diskFormat = "vmdk"; }) ==
        "--disk-format 'vmdk': expected raw or qcow2");
  CHECK(bad([](StudyOptions& o) { o.diskCache = "fast"; }) ==
        "--disk-cache 'fast': expected none, writeback, writethrough, unsafe or directsync");
  CHECK(cb::study::checkStudyOptions(options()));
}

TEST_CASE("study: lab up arguments carry the image dir and timeout; no state dir, no flag") {
  auto o = options();
  o.stateDir.clear();
  o.imageDir = "/img";
  o.upTimeoutSeconds = 1200;
  CHECK(joined(cb::study::labUpArgs(o, "qemu")) ==
        "lab up --provider qemu --nodes 3 --json --image-dir /img --accel auto --disk-format raw "
        "--disk-cache unsafe --timeout 1200");
  o.diskFormat = "qcow2";
  o.diskCache = "none";
  CHECK(joined(cb::study::labUpArgs(o, "qemu")).find("--disk-format qcow2 --disk-cache none") !=
        std::string::npos);
  o.prefix = "st";
  o.subnet = "198.18.9.0/24";
  o.port = 7999;
  o.metricsPort = 0;
  CHECK(joined(cb::study::labUpArgs(o, "podman")) ==
        "lab up --provider podman --nodes 3 --json --image-dir /img --timeout 1200 --prefix st "
        "--subnet 198.18.9.0/24 --port 7999 --metrics-port 0");
  o.prefix.clear();
  o.subnet.clear();
  o.port = 0;
  o.metricsPort = -1;
  CHECK(joined(cb::study::labUpArgs(o, "netns")) ==
        "lab up --provider netns --nodes 3 --json --timeout 1200");
  CHECK(cb::study::labSetup("not json").accel.empty());
  CHECK(cb::study::labSetup(R"({"accel": 3})").accel.empty());
  auto setup = cb::study::labSetup(
      R"({"accel": "kvm", "disk_format": "qcow2", "disk_cache": "writethrough"})");
  CHECK(setup.accel == "kvm");
  CHECK(setup.diskFormat == "qcow2");
  CHECK(setup.diskCache == "writethrough");
  CHECK_FALSE(cb::study::labUpProvider("[]"));
}

TEST_SUITE_END();
