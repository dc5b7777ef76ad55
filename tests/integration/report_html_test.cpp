// `clusterbench report` as a real process over a store filled with the real parsers' samples of
// the captured fixtures, for two environments, while a writer keeps the store open; the HTML is
// rendered by headless Chromium (package chromium) into a PNG.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/catalog.hpp"
#include "import/saved_outputs.hpp"
#include "os/atomic_file.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kData = CB_TEST_DATA;

struct Step {
  std::string vm;         // fixture for the VM nodes
  std::string container;  // fixture for the container nodes
};

// Pairs with the same labels where the fixtures allow it, so the environments differ.
const Step kSteps[] = {
    {"hpcc/hpccoutf_np2_n1000_nb80_p1_q2.txt", "hpcc/hpccoutf_np2_n1000_nb80_p1_q2.txt"},
    {"sysbench_cpu_t1_p20000.txt", "sysbench_cpu_t2.txt"},
    {"sysbench/memory_write_seq_t1.txt", "sysbench/memory_write_seq_t2_256m.txt"},
    {"stress-ng/cpu_1.yaml", "stress-ng/cpu_2.yaml"},
    {"stress-ng/vm_1_64m.yaml", "stress-ng/vm_2_512m.yaml"},
    {"stress-ng/hdd_1_w10.yaml", "stress-ng/hdd_2_64k.yaml"},
    {"iperf3/client_p2.txt", "iperf3/client_p2.json"},
    {"iperf3/client_p2_reverse.txt", "iperf3/client_p2_reverse.json"},
    {"fio/read_psync.json", "fio/read_psync.json"},
    {"fio/write_libaio_direct.json", "fio/write_libaio_direct.json"},
    {"iozone/auto_all_n64k_g1m_y4k_q64k.txt", "iozone/auto_i012_n64k_g1m_y4k_q64k.txt"},
};

cb::imports::SavedOutput parse(const cb::bench::Catalog& catalog, const std::string& file) {
  auto text = cb::os::readFile(kData / file);
  REQUIRE_MESSAGE(text.ok(), text.error());
  auto out = cb::imports::parseSavedOutput(catalog, file, *text, "");
  REQUIRE_MESSAGE(out.ok(), out.error());
  return std::move(*out);
}

/// Stores 3 repetitions of every step on 2 nodes per environment; returns the sample count.
std::size_t fill(cb::store::Store& store) {
  const auto catalog = cb::bench::makeDefaultCatalog();
  for (const char* env : {"vm", "container"}) {
    for (int n = 1; n <= 2; ++n) {
      const std::string host = std::string(env) + "-node0" + std::to_string(n);
      const std::string tech = std::string(env) == "vm" ? "qemu" : "podman";
      REQUIRE(store.upsertNode({"id-" + host, host, env, tech, "{}", 1, 1}).ok());
    }
  }
  std::size_t samples = 0;
  cb::store::TimeMs now = 1700000000000;
  for (const Step& step : kSteps) {
    const auto vm = parse(catalog, step.vm);
    const auto container = parse(catalog, step.container);
    // A reference at the VM's figure: the VMs pass it, the containers (other fixture) do not.
    std::string references = "[]";
    for (const auto& s : vm.samples) {
      if (vm.tool == "sysbench-cpu" && s.metric == "events_per_second") {
        references = nlohmann::json::array({{{"metric", s.metric},
                                             {"environment", "*"},
                                             {"value", s.value},
                                             {"lower", -0.05},
                                             {"upper", 0.05},
                                             {"unit", s.unit}}})
                         .dump();
      }
    }
    for (int repetition = 1; repetition <= 3; ++repetition) {
      for (const auto* out : {&vm, &container}) {
        const std::string env = out == &vm ? "vm" : "container";
        const nlohmann::json labels = {
            {"suite", "seed"}, {"step", out->tool}, {"repetition", repetition}};
        auto run = store.createRun(out->tool, "{}", now += 1000, labels.dump(), references);
        REQUIRE(run.ok());
        for (int n = 1; n <= 2; ++n) {
          cb::store::ResultRecord r;
          r.runId = *run;
          r.hostname = env + "-node0" + std::to_string(n);
          r.nodeId = "id-" + r.hostname;
          r.taskId = std::to_string(*run) + "-" + r.hostname;
          r.environment = env;
          r.status = "succeeded";
          r.rawOutput = out->rawOutput;
          r.samples = out->samples;
          r.finishedAt = now + 500;
          REQUIRE(store.addResult(r).ok());
          samples += r.samples.size();
        }
        REQUIRE(store.finishRun(*run, "succeeded", now + 900).ok());
      }
    }
  }
  return samples;
}

cb::test::CommandResult report(const fs::path& state, std::vector<std::string> args) {
  std::vector<std::string> argv = {cb::test::bin("clusterbench"), "--state-dir", state.string(),
                                   "report"};
  argv.insert(argv.end(), args.begin(), args.end());
  return cb::test::run(argv, std::chrono::seconds(60));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// Width and height from a PNG's IHDR chunk (big-endian at bytes 16..23).
std::pair<unsigned, unsigned> pngSize(const std::string& png) {
  auto be32 = [&](std::size_t at) {
    unsigned v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

}  // namespace

TEST_CASE("report: md, html, csv and json from a live store; Chromium renders the HTML") {
  cb::test::TempDir tmp;
  const fs::path state = tmp.path() / "state";
  fs::create_directories(state);
  auto writer = cb::store::Store::open(state / "results.db");  // stays open: a running controller
  REQUIRE(writer.ok());
  const std::size_t samples = fill(**writer);
  CHECK(samples > 1000);

  auto md = report(state, {"--format", "md"});
  REQUIRE_MESSAGE(md.exitCode == 0, md.err);
  INFO(md.out);
  CHECK(
      md.out.starts_with("# clusterbench report: vm vs container\n\n## Summary\n\n"
                         "| Item | VM | Container | Native |\n"));
  // sysbench cpu from both environments, 3 repetitions × 2 nodes; no native runs here.
  CHECK(md.out.find("| sysbench CPU (events/s) | ") != std::string::npos);
  CHECK(md.out.find("## Against native") == std::string::npos);
  for (const char* section : {"## HPCC", "## stress-ng", "## sysbench", "## iperf3 (network)",
                              "## iozone (disk)", "## fio (disk)", "## Largest differences"}) {
    CHECK_MESSAGE(md.out.find(section) != std::string::npos, section);
  }
  CHECK(md.out.find("| container / vm | p | Better |") != std::string::npos);
  CHECK(md.out.find("vm: qemu (QEMU without KVM") != std::string::npos);
  CHECK(md.out.find("(n=6)") != std::string::npos);  // 3 repetitions × 2 nodes
  CHECK(md.out.find("Per node:\n\n| Node | environment | Labels | sent_bits_per_second "
                    "(Gbit/s) |") != std::string::npos);
  CHECK(md.out.find("(n=3)") != std::string::npos);  // iperf3 per node: 3 repetitions
  CHECK(md.out.find("✓") != std::string::npos);      // the VM meets its sysbench reference
  CHECK(md.out.find("✗") != std::string::npos);      // the container does not

  const fs::path html = tmp.path() / "report.html";
  auto h = report(state, {"--format", "html", "-o", html.string()});
  REQUIRE_MESSAGE(h.exitCode == 0, h.err);
  const std::string page = *cb::os::readFile(html);
  CHECK(page.starts_with("<!DOCTYPE html>"));
  // Self-contained: nothing to fetch.
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("href=") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  // The summary, a section each, and iperf3 per node and direction (no native group, so no
  // "Against native" table).
  CHECK(count(page, "<table>") == 8);
  CHECK(page.find("<h2 id=\"summary\">Summary</h2>") != std::string::npos);
  CHECK(page.find("iperf3 (network) per node: Gbit/s") != std::string::npos);
  CHECK(count(page, "<svg") >= 10);
  CHECK(page.find("iozone writer (kB/s)") != std::string::npos);
  CHECK(page.find("iozone random_read (kB/s)") != std::string::npos);
  CHECK(page.find("iperf3 (network): Gbit/s") != std::string::npos);

  auto csv = report(state, {"--format", "csv", "--group-by", "suite"});
  REQUIRE_MESSAGE(csv.exitCode == 0, csv.err);
  CHECK(count(csv.out, "\r\n") == samples + 1);
  CHECK(csv.out.starts_with("run_id,started_at,node,environment,virt_tech,group,benchmark,"));
  CHECK(csv.out.find(",vm,qemu,seed,hpcc,hpl_gflops,Gflop/s,") != std::string::npos);

  auto json = report(state, {"--format", "json", "--benchmark", "iozone", "--runs", "1,2,3,200"});
  REQUIRE_MESSAGE(json.exitCode == 0, json.err);
  CHECK(nlohmann::json::parse(json.out).empty());  // runs 1-3 are not iozone runs
  auto iozone = report(state, {"--format", "json", "--benchmark", "iozone"});
  REQUIRE_MESSAGE(iozone.exitCode == 0, iozone.err);
  const auto rows = nlohmann::json::parse(iozone.out);
  REQUIRE(rows.size() > 100);
  CHECK(rows[0]["benchmark"] == "iozone");
  CHECK(rows[0]["labels"].contains("record_kb"));
  CHECK(rows[0]["labels"]["run.suite"] == "seed");

  auto badRuns = report(state, {"--runs", "1,x"});
  CHECK(badRuns.exitCode == 2);
  CHECK(badRuns.err.find("'x' is not a run id") != std::string::npos);
  auto noStore = report(tmp.path() / "empty", {});
  CHECK(noStore.exitCode != 0);
  CHECK(noStore.err.find("no results store") != std::string::npos);

  // Headless Chromium draws the page; a broken SVG or CSS still renders, so the PNG's size and
  // shape are what is checked here. To look at it: CB_KEEP_REPORT_SCREENSHOT=/tmp/report.png.
  const fs::path png = tmp.path() / "report.png";
  auto shot = cb::test::run(
      {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
       "--user-data-dir=" + (tmp.path() / "chromium").string(), "--screenshot=" + png.string(),
       "--window-size=1400,3000", "file://" + html.string()},
      std::chrono::seconds(120));
  REQUIRE_MESSAGE(shot.exitCode == 0, "chromium (apt-get install chromium): " << shot.err);
  REQUIRE(fs::exists(png));
  const std::string image = *cb::os::readFile(png);
  CHECK(image.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(pngSize(image) == std::pair<unsigned, unsigned>{1400, 3000});
  CHECK(image.size() > 100 * 1024);  // tables and charts, not a blank page
  if (const char* keep = std::getenv("CB_KEEP_REPORT_SCREENSHOT"))
    fs::copy_file(png, keep, fs::copy_options::overwrite_existing);
}
