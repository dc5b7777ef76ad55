// How secrets and options reach the containers: the join token only travels as files, nodes get
// the controller's public key alone, the README's recipes make those files, the agent's
// entrypoint passes only real options, and scripts/compose-podman runs every compose service.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include "integration/packaging_fixture.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::test::composeFile;
using cb::test::composeStrings;
using cb::test::dockerDir;
using cb::test::expandDefaults;
using cb::test::fileText;
using cb::test::repoRoot;

TEST_CASE("compose: the join token is a file on both sides, never an argument or a variable") {
  auto c = composeFile();
  // No service passes a token on its command line or in its environment.
  for (const auto& s : c["services"]) {
    auto name = s.first.as<std::string>();
    CAPTURE(name);
    for (const auto& f : cb::test::flagsIn(composeStrings(s.second["command"]))) {
      CHECK(f != "--join-token");
    }
    for (const auto& e : s.second["environment"]) {
      CHECK(e.first.as<std::string>() != "CLUSTERBENCH_JOIN_TOKEN");
    }
  }
  /// host path of the bind mount at `target` (mode "ro"), "" when none.
  auto mountAt = [](const YAML::Node& service, const std::string& target) {
    for (const auto& v : composeStrings(service["volumes"])) {
      const std::string suffix = ":" + target + ":ro";
      if (v.size() > suffix.size() &&
          v.compare(v.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return v.substr(0, v.size() - suffix.size());
      }
    }
    return std::string();
  };
  // The controller reads join-tokens from its state dir: the file is mounted read-only there.
  auto controller = c["services"]["controller"];
  auto command = composeStrings(controller["command"]);
  auto stateDir = std::find(command.begin(), command.end(), "--state-dir");
  REQUIRE(stateDir + 1 < command.end());
  const auto tokens = mountAt(controller, *(stateDir + 1) + "/join-tokens");
  REQUIRE_FALSE(tokens.empty());
  const auto secrets = fs::path(tokens).parent_path();
  CHECK(fs::path(tokens).filename() == "join-tokens");
  // Every node has the token alone at the path its entrypoint hands to --join-token-file, from
  // the same directory.
  for (const char* node : {"master", "node02", "node03"}) {
    CAPTURE(node);
    auto s = c["services"][node];
    auto file = expandDefaults(s["environment"]["CLUSTERBENCH_JOIN_TOKEN_FILE"].as<std::string>());
    CHECK(file == "/etc/clusterbench/join-token");
    CHECK(mountAt(s, file) == (secrets / "join-token").string());
  }
}

TEST_CASE("compose: the nodes get the controller's public key alone, never its state") {
  auto c = composeFile();
  const auto controllerVolumes = composeStrings(c["services"]["controller"]["volumes"]);
  // The controller's state dir is a named volume; its key pair is the host's secrets, read-only.
  auto command = composeStrings(c["services"]["controller"]["command"]);
  auto stateDir = std::find(command.begin(), command.end(), "--state-dir");
  REQUIRE(stateDir + 1 < command.end());
  std::string stateVolume;
  for (const auto& v : controllerVolumes) {
    if (v.size() > stateDir[1].size() &&
        v.compare(v.size() - stateDir[1].size() - 1, std::string::npos, ":" + stateDir[1]) == 0) {
      stateVolume = v.substr(0, v.find(':'));
    }
  }
  REQUIRE_FALSE(stateVolume.empty());
  CHECK(std::count(controllerVolumes.begin(), controllerVolumes.end(),
                   expandDefaults("${CLUSTERBENCH_SECRETS:-./secrets}/controller.key:" +
                                  stateDir[1] + "/controller.key:ro")) == 1);
  for (const char* node : {"master", "node02", "node03"}) {
    CAPTURE(node);
    auto s = c["services"][node];
    auto keyFile =
        expandDefaults(s["environment"]["CLUSTERBENCH_CONTROLLER_KEY"].as<std::string>());
    bool pubMounted = false;
    for (const auto& v : composeStrings(s["volumes"])) {
      CAPTURE(v);
      // Nothing of the controller's state volume and no secret key reaches a node.
      CHECK(v.rfind(stateVolume + ":", 0) != 0);
      CHECK(v.find("controller.key") == std::string::npos);
      if (v ==
          expandDefaults("${CLUSTERBENCH_SECRETS:-./secrets}/controller.pub:" + keyFile + ":ro")) {
        pubMounted = true;
      }
    }
    CHECK(pubMounted);
  }
}

TEST_CASE("controller --create-keys makes the key pair compose mounts, without starting") {
  // clusterbench --state-dir docker/secrets controller --create-keys
  cb::test::TempDir tmp;
  auto dir = tmp.path() / "secrets";
  auto r = cb::test::run(
      {cb::test::bin("clusterbench"), "--state-dir", dir.string(), "controller", "--create-keys"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  auto pub = fileText(dir / "controller.pub");
  CHECK(r.out == pub);  // stdout is the public key alone
  CHECK(std::regex_match(pub, std::regex("[!-~]{40}\n")));
  CHECK((fs::status(dir / "controller.key").permissions() &
         (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
  CHECK_FALSE(fs::exists(dir / "results.db"));  // the controller did not start
  CHECK_FALSE(fs::exists(dir / "control.sock"));
  // A second call keeps the pair.
  auto again = cb::test::run(
      {cb::test::bin("clusterbench"), "--state-dir", dir.string(), "controller", "--create-keys"});
  REQUIRE_MESSAGE(again.exitCode == 0, again.err);
  CHECK(again.out == pub);
}

TEST_CASE("the README's token recipe makes the two files compose mounts") {
  // (umask 077; clusterbench --state-dir docker/secrets token create > docker/secrets/join-token)
  cb::test::TempDir tmp;
  auto r = cb::test::run(
      {cb::test::bin("clusterbench"), "--state-dir", tmp.path().string(), "token", "create"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  std::string token = r.out;
  while (!token.empty() && token.back() == '\n') token.pop_back();
  CHECK(std::regex_match(token, std::regex("[0-9a-f]{64}")));
  auto tokens = tmp.path() / "join-tokens";
  CHECK((fs::status(tokens).permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
        fs::perms::none);
  CHECK(fileText(tokens).find("\n" + token + " 0\n") != std::string::npos);  // never expires
  CHECK(r.out.find(' ') == std::string::npos);  // stdout is the token alone: the agent's file
}

TEST_CASE("the agent entrypoint passes only real options, fed by the compose environment") {
  auto script = fileText(dockerDir() / "entrypoint.sh");
  auto flags = cb::test::helpFlags({"clusterbench-agent"});
  static const std::regex kSet(R"(set -- (.*))");
  std::vector<std::string> used;
  std::istringstream in(script);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kSet)) continue;
    std::istringstream words(m[1].str());
    std::vector<std::string> ws;
    for (std::string w; words >> w;) ws.push_back(w);
    for (const auto& f : cb::test::flagsIn(ws)) used.push_back(f);
  }
  std::sort(used.begin(), used.end());
  CHECK(used == std::vector<std::string>{"--controller", "--controller-key", "--join-token-file"});
  for (const auto& f : used) CHECK(flags.count(f) == 1);

  auto env = composeFile()["services"]["master"]["environment"];
  for (const char* var :
       {"CLUSTERBENCH_CONTROLLER", "CLUSTERBENCH_CONTROLLER_KEY", "CLUSTERBENCH_JOIN_TOKEN_FILE"}) {
    CAPTURE(var);
    CHECK(env[var].IsDefined());
    CHECK(script.find("${" + std::string(var)) != std::string::npos);
  }
  CHECK_FALSE(env["CLUSTERBENCH_JOIN_TOKEN"].IsDefined());
  auto r = cb::test::run({"sh", "-n", (dockerDir() / "entrypoint.sh").string()});
  CHECK_MESSAGE(r.exitCode == 0, r.err);

  // A token in the environment (the old way) is refused before the agent starts, without
  // echoing it.
  auto refused = cb::test::run({"env", "-i", "PATH=/usr/bin:/bin",
                                "CLUSTERBENCH_CONTROLLER=tcp://controller:7700",
                                "CLUSTERBENCH_CONTROLLER_KEY=k", "CLUSTERBENCH_JOIN_TOKEN=s3cr3t-x",
                                "sh", (dockerDir() / "entrypoint.sh").string()});
  CHECK(refused.exitCode == 2);
  CHECK_MESSAGE(refused.err.find("/etc/clusterbench/join-token") != std::string::npos, refused.err);
  CHECK(refused.err.find("s3cr3t-x") == std::string::npos);
}

TEST_CASE("scripts/compose-podman: every service of compose.yaml as podman commands") {
  auto c = composeFile();
  auto r = cb::test::run({(repoRoot() / "scripts" / "compose-podman").string(), "commands"});
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  std::map<std::string, std::string> runs;  // service -> its `podman run` line
  std::istringstream in(r.out);
  int builds = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find(" build ") != std::string::npos) ++builds;
    auto name = line.find("run -d --name clusterbench-");
    if (name == std::string::npos) continue;
    auto start = name + std::string("run -d --name clusterbench-").size();
    runs[line.substr(start, line.find(' ', start) - start)] = line;
  }
  CHECK(builds == 3);  // controller, prometheus, agent; grafana uses its upstream image
  REQUIRE(runs.size() == c["services"].size());
  for (const auto& s : c["services"]) {
    auto name = s.first.as<std::string>();
    CAPTURE(name);
    const auto& line = runs[name];
    auto address =
        expandDefaults(s.second["networks"]["cluster"]["ipv4_address"].as<std::string>());
    CHECK(line.find("--ip " + address + " ") != std::string::npos);
    CHECK(line.find("--hostname " + name + " ") != std::string::npos);
    CHECK(line.find("--ulimit nofile=4096:4096") != std::string::npos);
    CHECK(line.find(" " + s.second["image"].as<std::string>()) != std::string::npos);
  }
  const auto secrets = (dockerDir() / "secrets").lexically_normal().string();
  for (const char* node : {"master", "node02", "node03"}) {
    CHECK(runs[node].find("--cpus 2 --memory 2g") != std::string::npos);
    CHECK(runs[node].find("-v clusterbench_shared:/shared") != std::string::npos);
    CHECK(runs[node].find("-v " + secrets + "/join-token:/etc/clusterbench/join-token:ro ") !=
          std::string::npos);
    CHECK(runs[node].find("JOIN_TOKEN=") == std::string::npos);
    CHECK(
        runs[node].find("-v " + secrets + "/controller.pub:/etc/clusterbench/controller.pub:ro ") !=
        std::string::npos);
    CHECK(runs[node].find("controller-state") == std::string::npos);
  }
  CHECK(runs["controller"].find("-v " + secrets +
                                "/join-tokens:/var/lib/clusterbench/join-tokens:ro ") !=
        std::string::npos);
  CHECK(runs["controller"].find("--join-token") == std::string::npos);
  auto bad = cb::test::run(
      {(repoRoot() / "scripts" / "compose-podman").string(), "--skip", "nope", "commands"});
  CHECK(bad.exitCode == 2);
  CHECK(bad.err.find("--skip nope") != std::string::npos);
}
