// A 3-VM qemu lab from the template image (KVM when the probe boots, else TCG: minutes here),
// configured by `clusterbench apply examples/qemu-cluster.yaml`: the master exports /shared over
// NFS, the workers automount it, and `verify` shows each worker reading the master's marker file
// through its mount. CTest label "qemu", run on demand (`ctest --preset release -L qemu`): about
// 5 minutes on this machine, see docs/LAB.md.
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

}  // namespace

TEST_CASE("qemu lab: NFS export and automount applied for real; workers read the master's file") {
  REQUIRE_MESSAGE(::geteuid() == 0, "the qemu lab needs root (namespaces, taps)");
  auto image = cb::os::runSync({kCli, "image", "build"}, std::chrono::minutes(30));
  REQUIRE_MESSAGE(image.exitCode == 0, "image build failed:\n" << image.out << image.err);

  TestLab lab("cbq", 150 + static_cast<int>(::getpid() % 5));
  Argv up = lab.upArgs(3);
  up[std::find(up.begin(), up.end(), "--timeout") - up.begin() + 1] = "900";
  up.insert(up.end(), {"--provider", "qemu"});
  auto started = lab.cli(up, std::chrono::seconds(960));
  REQUIRE_MESSAGE(started.exitCode == 0, "lab up failed:\n" << started.err);
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
