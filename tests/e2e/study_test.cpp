// `clusterbench study` for real on the netns provider: the CLI runs its own lab up, suite, lab
// down and report commands as child processes; the runs carry the study's labels, the reports
// exist and the lab is gone afterwards. (The qemu + podman study is the same sequence with
// other providers; docs/LAB.md has its command and measured duration.)
#include <doctest/doctest.h>

#include "e2e/lab_fixture.hpp"
#include "os/atomic_file.hpp"

using namespace cb::e2e;

TEST_CASE("study: one netns leg runs the suite, writes md and html, and takes its lab down") {
  TestLab lab("cst", 130);
  const auto suite = lab.dir() / "tiny.yaml";
  REQUIRE(cb::os::writeFileAtomic(suite, R"(name: tiny
defaults: {repetitions: 1, timeout: 60}
steps:
  - name: cpu
    benchmark: sysbench-cpu
    params: {cpu-max-prime: 2000, threads: 1, time: 1}
)"));
  const Argv studyArgs = {"study",
                          "--providers",
                          "netns",
                          "--nodes",
                          "2",
                          "--suite",
                          suite.string(),
                          "--out",
                          (lab.dir() / "out").string(),
                          "--group-by",
                          "lab_provider",
                          "--id",
                          "e2e",
                          "--prefix",
                          lab.prefix(),
                          "--subnet",
                          lab.subnet(),
                          "--port",
                          std::to_string(lab.port()),
                          "--metrics-port",
                          "0",
                          "--up-timeout",
                          "60"};

  SUBCASE("a lab that is already up is left alone and named") {
    auto up = lab.cli(lab.upArgs(2));
    REQUIRE_MESSAGE(up.exitCode == 0, up.err);
    auto r = lab.cli(studyArgs);
    CHECK(r.exitCode == 1);
    CHECK(r.out.find("a netns lab is already up") != std::string::npos);
    CHECK(namespacesWith(lab.prefix()).size() == 2);  // untouched
  }

  SUBCASE("the whole sequence") {
    Argv args = studyArgs;
    args.push_back("--json");
    auto r = lab.cli(args, std::chrono::seconds(300));
    REQUIRE_MESSAGE(r.exitCode == 0, r.out << r.err);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["ok"] == true);
    REQUIRE(j["legs"].size() == 1);
    CHECK(j["legs"][0]["provider"] == "netns");
    CHECK(j["legs"][0]["suite_status"] == "succeeded");
    CHECK(j["legs"][0]["down"] == true);
    REQUIRE(j["run_ids"].size() == 1);
    // Progress of the children reached the user with the leg's name in front.
    CHECK(r.err.find("== netns: lab up, 2 nodes") != std::string::npos);
    CHECK(r.err.find("[netns] ") != std::string::npos);

    auto md = cb::os::readFile(lab.dir() / "out" / "study.md");
    REQUIRE_MESSAGE(md, md.error());
    CHECK(md->find("netns") != std::string::npos);  // the column of the only group
    CHECK(md->find("events") != std::string::npos);
    auto html = cb::os::readFile(lab.dir() / "out" / "study.html");
    REQUIRE_MESSAGE(html, html.error());
    CHECK(html->find("<svg") != std::string::npos);

    CHECK(namespacesWith(lab.prefix()).empty());  // lab down ran
    // The store outlives the lab: every sample carries the study's run labels.
    auto samples = lab.cli({"report", "--format", "json", "--group-by", "lab_provider"});
    REQUIRE_MESSAGE(samples.exitCode == 0, samples.err);
    auto rows = nlohmann::json::parse(samples.out);
    REQUIRE(rows.size() >= 2);  // events_per_second and more, from 2 nodes
    for (const auto& row : rows) {
      CHECK(row["run_id"] == j["run_ids"][0]);
      CHECK(row["labels"]["run.study"] == "e2e");
      CHECK(row["labels"]["run.lab_provider"] == "netns");
      CHECK(row["group"] == "netns");
    }
  }
}

TEST_CASE("study: bad options are refused before anything starts") {
  TestLab lab("csx", 140);
  auto r = lab.cli({"study", "--providers", "netns,vbox"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("'vbox' is not a lab provider") != std::string::npos);
  auto dry = lab.cli({"study", "--dry-run", "--id", "x"});
  REQUIRE_MESSAGE(dry.exitCode == 0, dry.err);
  CHECK(dry.out.find("lab up --provider qemu --nodes 3 --json --accel auto --disk-format raw "
                     "--disk-cache unsafe") != std::string::npos);
  CHECK(dry.out.find("--label disk_format=raw --label disk_cache=unsafe") != std::string::npos);
  CHECK(dry.out.find("lab up --provider podman") != std::string::npos);
  CHECK(dry.out.find("--label accel=<kvm|tcg>") != std::string::npos);
  CHECK(dry.out.find("suites/quick.yaml") != std::string::npos);
  // The native leg comes last by default: the host's own kernel, its runs labelled bare.
  CHECK(dry.out.find("# leg 3/3: netns, native") != std::string::npos);
  CHECK(dry.out.find("lab up --provider netns --nodes 3 --json") != std::string::npos);
  CHECK(dry.out.find("lab_provider=netns --label environment=bare") != std::string::npos);
  CHECK(dry.out.find("lab_provider=qemu --label environment=vm") != std::string::npos);
  CHECK(namespacesWith(lab.prefix()).empty());
}
