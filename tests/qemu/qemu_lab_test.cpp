// A 3-VM qemu lab from the template image (KVM when the probe boots, else TCG: minutes here),
// configured by `clusterbench apply examples/qemu-cluster.yaml`: the master exports /shared over
// NFS, the workers automount it, and `verify` shows each worker reading the master's marker file
// through its mount. CTest label "qemu", run on demand (`ctest --preset release -L qemu`): about
// 5 minutes on this machine, see docs/LAB.md. A second case boots one VM on a fresh qcow2
// overlay (--disk-format qcow2) and checks that it grows as a benchmark writes into it.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <regex>

#include "e2e/lab_fixture.hpp"
#include "os/atomic_file.hpp"

using namespace cb::e2e;

namespace {

/// examples/qemu-cluster.yaml moved onto the test lab's subnet ("198.18.0." -> "198.19.X.").
std::string qemuSpec(const TestLab& lab) {
  auto text =
      cb::os::readFile(fs::path(CB_TEST_DATA) / ".." / ".." / "examples" / "qemu-cluster.yaml");
  REQUIRE_MESSAGE(text, text.error());
  const std::string net = lab.subnet().substr(0, lab.subnet().rfind('.') + 1);
  return std::regex_replace(*text, std::regex(R"(198\.18\.0\.)"), net);
}

/// hostname -> message of its autofs step in a verify/apply JSON reply.
std::map<std::string, std::string> autofsMessages(const std::string& json) {
  std::map<std::string, std::string> out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& n : j["nodes"]) {
    for (const auto& s : n["steps"]) {
      if (s.value("applier", "") == "autofs") out[n.value("hostname", "")] = s.value("message", "");
    }
  }
  return out;
}

/// Builds (or refreshes) the template image and brings up `nodes` VMs with `extra` options,
/// allowing the minutes TCG takes; the `lab up --json` output.
cb::os::ProcessExit upQemuLab(TestLab& lab, int nodes, const Argv& extra) {
  REQUIRE_MESSAGE(::geteuid() == 0, "the qemu lab needs root (namespaces, taps)");
  auto image = cb::os::runSync({kCli, "image", "build"}, std::chrono::minutes(30));
  REQUIRE_MESSAGE(image.exitCode == 0, "image build failed:\n" << image.out << image.err);
  Argv up = lab.upArgs(nodes);
  up[std::find(up.begin(), up.end(), "--timeout") - up.begin() + 1] = "900";
  up.insert(up.end(), {"--provider", "qemu"});
  up.insert(up.end(), extra.begin(), extra.end());
  auto started = lab.cli(up, std::chrono::seconds(960));
  REQUIRE_MESSAGE(started.exitCode == 0, "lab up failed:\n" << started.err);
  return started;
}

}  // namespace

TEST_CASE("qemu lab: NFS export and automount applied for real; workers read the master's file") {
  TestLab lab("cbq", 150 + static_cast<int>(::getpid() % 5));
  auto started = upQemuLab(lab, 3, {});
  CHECK(nlohmann::json::parse(started.out)["nodes"].size() == 3);

  const fs::path spec = lab.dir() / "qemu-cluster.yaml";
  REQUIRE(cb::os::writeFileAtomic(spec, qemuSpec(lab)));
  auto applied = lab.cli({"apply", spec.string(), "--json"}, std::chrono::seconds(600));
  REQUIRE_MESSAGE(applied.exitCode == 0, applied.out << applied.err);

  // A worker whose autofs came up before the export reports the share unreadable (drift); apply
  // restarts its autofs. Within a few rounds both read the marker through NFS.
  const std::string marker =
      "read .clusterbench-share (\"clusterbench: /shared exported by master\")";
  std::map<std::string, std::string> messages;
  bool bothRead = false;
  for (int round = 0; round < 6 && !bothRead; ++round) {
    auto verify = lab.cli({"verify", "--json"}, std::chrono::seconds(300));
    messages = autofsMessages(verify.out);
    // Three autofs steps: the master's (skipped) and the two workers'.
    bothRead = verify.exitCode == 0 && messages.size() == 3 &&
               messages["node02"].find(marker) != std::string::npos &&
               messages["node03"].find(marker) != std::string::npos;
    if (!bothRead) lab.cli({"apply", spec.string(), "--json"}, std::chrono::seconds(600));
  }
  CHECK_MESSAGE(bothRead, "node02: " << messages["node02"] << "\nnode03: " << messages["node03"]);
  CHECK(messages["node02"].find("master:/shared is mounted on /shared") == 0);

  auto down = lab.cli({"lab", "down"}, std::chrono::seconds(120));
  CHECK_MESSAGE(down.exitCode == 0, down.err);
  CHECK(processesWith(lab.dir().string()).empty());
  CHECK(namespacesWith(lab.prefix()).empty());
}

namespace {
/// `qemu-img info` of a disk a running VM holds (-U: no lock), as JSON.
nlohmann::json diskInfo(const fs::path& disk) {
  auto info = cb::os::runSync({"qemu-img", "info", "-U", "--output=json", disk.string()});
  REQUIRE_MESSAGE(info.exitCode == 0, info.err);
  return nlohmann::json::parse(info.out);
}
}  // namespace

TEST_CASE("qemu lab on a fresh qcow2 disk: backed by the template, it grows as a benchmark writes") {
  TestLab lab("cbw", 160 + static_cast<int>(::getpid() % 5));
  auto status = parseJson(upQemuLab(lab, 1, {"--disk-format", "qcow2"}));
  CHECK(status["disk_format"] == "qcow2");
  REQUIRE(status["nodes"].size() == 1);
  const fs::path disk = fs::path(status["nodes"][0].value("dir", "")) / "disk.qcow2";

  auto before = diskInfo(disk);
  CHECK(before["format"] == "qcow2");
  CHECK(before.value("backing-filename", "").find("disk.img") != std::string::npos);
  const auto sizeBefore = before.value("actual-size", std::int64_t{0});

  // The seeds' file I/O test, small: 64 MiB of test files written into the guest's disk.
  auto run = lab.cli({"run", "-b", "sysbench-fileio", "-p", "file-total-size=64", "-p",
                      "file-num=4", "-p", "file-test-mode=rndrw", "-p", "time=3", "--label",
                      "disk_format=qcow2", "--json"},
                     std::chrono::seconds(600));
  REQUIRE_MESSAGE(run.exitCode == 0, run.out << run.err);
  auto result = parseJson(run);
  CHECK(result["labels"]["disk_format"] == "qcow2");
  CHECK(result["labels"]["environment"] == "vm");
  REQUIRE(result["results"].size() == 1);
  CHECK(result["results"][0]["status"] == "succeeded");

  // A fresh qcow2 image allocates as the guest writes: the overlay took the test files.
  const auto sizeAfter = diskInfo(disk).value("actual-size", std::int64_t{0});
  CHECK_MESSAGE(sizeAfter - sizeBefore >= 32 * 1024 * 1024,
                "overlay grew from " << sizeBefore << " to " << sizeAfter << " bytes");

  auto down = lab.cli({"lab", "down"}, std::chrono::seconds(120));
  CHECK_MESSAGE(down.exitCode == 0, down.err);
  CHECK_FALSE(fs::exists(disk));
  CHECK(processesWith(lab.dir().string()).empty());
  CHECK(namespacesWith(lab.prefix()).empty());
}
