// Config files (/etc/clusterbench/*.conf): options set in them take effect in the real binaries,
// the command line wins, unknown names are errors naming the file, and the shipped defaults
// (packaging/*.conf) only use options the binaries have.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::test::bin;
using cb::test::run;

namespace {

const fs::path kPackaging = fs::path(CB_TEST_DATA).parent_path().parent_path() / "packaging";

/// A well-formed Z85 key nobody listens with; the agent only needs it to start.
constexpr const char* kSomeKey = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

}  // namespace

TEST_CASE("an agent option set in the config file takes effect; the command line wins") {
  cb::test::TempDir tmp;
  auto conf = tmp.path() / "agent.conf";
  write(conf, "controller = \"tcp://127.0.0.1:9\"\ncontroller-key = \"" + std::string(kSomeKey) +
                  "\"\nstate-dir = \"" + (tmp.path() / "from-config").string() +
                  "\"\nbackoff-max-ms = 100\n");
  {
    cb::test::Daemon agent({bin("clusterbench-agent"), "--config", conf.string()},
                           tmp.path() / "a1.log");
    CHECK_MESSAGE(cb::test::waitFor([&] { return fs::exists(tmp.path() / "from-config/node-id"); },
                                    std::chrono::seconds(10)),
                  agent.log());
  }
  {
    cb::test::Daemon agent({bin("clusterbench-agent"), "--config", conf.string(), "--state-dir",
                            (tmp.path() / "from-cli").string()},
                           tmp.path() / "a2.log");
    CHECK_MESSAGE(cb::test::waitFor([&] { return fs::exists(tmp.path() / "from-cli/node-id"); },
                                    std::chrono::seconds(10)),
                  agent.log());
  }
}

TEST_CASE("an unknown name in the agent's config file is an error naming the file and the name") {
  cb::test::TempDir tmp;
  auto conf = tmp.path() / "agent.conf";
  write(conf, "controller = \"tcp://127.0.0.1:9\"\ncontroler-key = \"x\"\n");
  auto r = run({bin("clusterbench-agent"), "--config", conf.string()});
  CHECK(r.exitCode != 0);
  CHECK_MESSAGE(r.err.find(conf.string()) != std::string::npos, r.err);
  CHECK_MESSAGE(r.err.find("controler-key") != std::string::npos, r.err);

  auto missing = run({bin("clusterbench-agent"), "--config", (tmp.path() / "nope.conf").string()});
  CHECK(missing.exitCode != 0);
  CHECK_MESSAGE(missing.err.find("nope.conf") != std::string::npos, missing.err);
}

TEST_CASE("a bad value from the agent's config file points at the file") {
  cb::test::TempDir tmp;
  auto conf = tmp.path() / "agent.conf";
  write(conf, "controller = \"tcp://127.0.0.1:9\"\ncontroller-key = \"k\"\nheartbeat-ms = 1\n");
  auto r = run({bin("clusterbench-agent"), "--config", conf.string()});
  CHECK(r.exitCode != 0);
  CHECK_MESSAGE(r.err.find("heartbeat-ms") != std::string::npos, r.err);
  CHECK_MESSAGE(r.err.find(conf.string()) != std::string::npos, r.err);
}

TEST_CASE("controller options come from the file: globals at the top, [controller] below") {
  cb::test::TempDir tmp;
  auto state = tmp.path() / "state";
  auto conf = tmp.path() / "controller.conf";
  write(conf, "state-dir = \"" + state.string() +
                  "\"\n[controller]\nagent-endpoint = \"tcp://127.0.0.1:0\"\n"
                  "metrics-address = \"\"\nheartbeat-ms = 321\n");
  cb::test::Daemon controller({bin("clusterbench"), "--config", conf.string(), "controller"},
                              tmp.path() / "c.log");
  auto info = state / "controller.json";
  REQUIRE_MESSAGE(cb::test::waitFor([&] { return fs::exists(info); }, std::chrono::seconds(10)),
                  controller.log());
  auto j = nlohmann::json::parse(*cb::os::readFile(info));
  CHECK(j["agent_endpoint"].get<std::string>().rfind("tcp://127.0.0.1:", 0) == 0);
  // The CLI finds the daemon through the same file.
  auto status = run({bin("clusterbench"), "--config", conf.string(), "status", "--json"});
  CHECK_MESSAGE(status.exitCode == 0, status.err);
  CHECK(controller.stop() == 0);
}

TEST_CASE("an unknown name in a controller section is an error naming the file") {
  cb::test::TempDir tmp;
  auto conf = tmp.path() / "controller.conf";
  write(conf, "[controller]\nagent-endpoint = \"tcp://127.0.0.1:0\"\nbogus = 1\n");
  auto r = run({bin("clusterbench"), "--config", conf.string(), "controller"});
  CHECK(r.exitCode != 0);
  CHECK_MESSAGE(r.err.find(conf.string()) != std::string::npos, r.err);
  CHECK_MESSAGE(r.err.find("controller.bogus") != std::string::npos, r.err);
}

TEST_CASE("the shipped default config files only set options the binaries have") {
  // --help is answered after the file is read and every value converted and checked.
  auto agent =
      run({bin("clusterbench-agent"), "--config", (kPackaging / "agent.conf").string(), "--help"});
  CHECK_MESSAGE(agent.exitCode == 0, agent.err);
  auto controller = run({bin("clusterbench"), "--config", (kPackaging / "controller.conf").string(),
                         "controller", "--help"});
  CHECK_MESSAGE(controller.exitCode == 0, controller.err);
}
