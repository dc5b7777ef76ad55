// systemd units (systemd/*.service.in): `systemd-analyze verify` is clean with ExecStart on the
// built binaries, and each ExecStart command line is accepted by its binary together with the
// default config file the package ships.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kRepo = fs::path(CB_TEST_DATA).parent_path().parent_path();

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

/// The unit template with @BINDIR@ pointing at the built binaries, written under `dir`.
fs::path instantiate(const std::string& unit, const fs::path& dir) {
  auto text = cb::os::readFile(kRepo / "systemd" / (unit + ".in"));
  REQUIRE_MESSAGE(text, text.error());
  auto out = dir / unit;
  std::ofstream(out) << replaceAll(*text, "@BINDIR@", CB_BIN_DIR);
  return out;
}

std::vector<std::string> execStart(const fs::path& unitFile) {
  std::ifstream in(unitFile);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("ExecStart=", 0) != 0) continue;
    std::istringstream words(line.substr(10));
    std::vector<std::string> argv;
    for (std::string w; words >> w;) argv.push_back(w);
    return argv;
  }
  return {};
}

}  // namespace

TEST_CASE("systemd-analyze verify is clean for both units") {
  cb::test::TempDir tmp;
  for (const char* unit : {"clusterbench-agent.service", "clusterbench-controller.service"}) {
    CAPTURE(unit);
    auto r = cb::test::run({"systemd-analyze", "verify", instantiate(unit, tmp.path()).string()});
    CHECK_MESSAGE(r.exitCode == 0, (r.out + r.err));
    CHECK_MESSAGE(r.out + r.err == "", (r.out + r.err));
  }
}

TEST_CASE("systemd-analyze verify reports what it does not accept") {
  cb::test::TempDir tmp;
  auto unit = tmp.path() / "broken.service";
  std::ofstream(unit) << "[Service]\nType=notify\nExecStart=" CB_BIN_DIR
                         "/clusterbench-agent\nProtectSystm=strict\n";
  auto r = cb::test::run({"systemd-analyze", "verify", unit.string()});
  CHECK_MESSAGE((r.out + r.err).find("ProtectSystm") != std::string::npos, (r.out + r.err));
}

TEST_CASE("each unit's command line is accepted by its binary with the shipped config") {
  cb::test::TempDir tmp;
  for (const char* name : {"agent", "controller"}) {
    CAPTURE(name);
    auto argv =
        execStart(instantiate(std::string("clusterbench-") + name + ".service", tmp.path()));
    REQUIRE(argv.size() >= 3);
    const std::string etc = std::string("/etc/clusterbench/") + name + ".conf";
    bool sawConfig = false;
    for (auto& word : argv) {
      if (word != etc) continue;
      word = (kRepo / "packaging" / (std::string(name) + ".conf")).string();
      sawConfig = true;
    }
    CHECK(sawConfig);
    argv.push_back("--help");
    auto r = cb::test::run(argv);
    CHECK_MESSAGE(r.exitCode == 0, r.err);
  }
}
