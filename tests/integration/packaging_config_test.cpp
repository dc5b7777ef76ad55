// Config files (/etc/clusterbench/*.conf): options set in them take effect in the real binaries,
// the command line wins, unknown names are errors naming the file, and the shipped defaults
// (packaging/*.conf) only use options the binaries have.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
                  "\"\njoin-token-file = \"" + (tmp.path() / "no-token").string() +
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

TEST_CASE("join-token-file from the config file: a token file others can read stops the agent") {
  cb::test::TempDir tmp;
  auto token = tmp.path() / "join-token";
  write(token, "0123456789abcdef0123456789abcdef\n");
  std::filesystem::permissions(token, std::filesystem::perms::owner_read |
                                          std::filesystem::perms::owner_write |
                                          std::filesystem::perms::group_read);
  auto conf = tmp.path() / "agent.conf";
  write(conf, "controller = \"tcp://127.0.0.1:9\"\ncontroller-key = \"" + std::string(kSomeKey) +
                  "\"\nstate-dir = \"" + (tmp.path() / "state").string() +
                  "\"\njoin-token-file = \"" + token.string() + "\"\nbackoff-max-ms = 100\n");
  auto r = run({bin("clusterbench-agent"), "--config", conf.string()}, std::chrono::seconds(10));
  CHECK(r.exitCode == 2);
  CHECK_MESSAGE((r.out + r.err).find(token.string()) != std::string::npos, r.out << r.err);

  // 0600: the agent takes it and runs (it has made its identity and keeps dialing).
  std::filesystem::permissions(token, std::filesystem::perms::group_read,
                               std::filesystem::perm_options::remove);
  cb::test::Daemon agent({bin("clusterbench-agent"), "--config", conf.string()},
                         tmp.path() / "agent.log");
  CHECK_MESSAGE(cb::test::waitFor([&] { return fs::exists(tmp.path() / "state/node-id"); },
                                  std::chrono::seconds(10)),
                agent.log());
  CHECK_MESSAGE(agent.running(), agent.log());
}

TEST_CASE("the shipped configs never hold a token: agent.conf names the token file instead") {
  for (const char* name : {"agent.conf", "controller.conf"}) {
    CAPTURE(name);
    auto text = cb::os::readFile(kPackaging / name);
    REQUIRE(text.ok());
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);) {
      CHECK(line.rfind("join-token =", 0) != 0);
      CHECK(line.rfind("# join-token =", 0) != 0);
    }
  }
  auto agent = cb::os::readFile(kPackaging / "agent.conf");
  REQUIRE(agent.ok());
  CHECK(agent->find("\njoin-token-file = \"/etc/clusterbench/join-token\"\n") != std::string::npos);
  auto help = run({bin("clusterbench-agent"), "--help"});
  CHECK(help.out.find("--join-token-file") != std::string::npos);
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
