// docker/compose.yaml, docker/Dockerfile and docker/entrypoint.sh against the seed's cluster and
// the real binaries: three nodes with the seed's limits on one bridge network with fixed
// addresses and a shared volume, every referenced file and build stage exists, every option the
// containers pass is one the binaries accept, and the join token only travels as files.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "integration/packaging_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::test::expandDefaults;
using cb::test::repoRoot;

namespace {

const fs::path kDocker = repoRoot() / "docker";

std::string text(const fs::path& file) {
  auto t = cb::os::readFile(file);
  REQUIRE_MESSAGE(t, t.error());
  return *t;
}

/// A copy of `node` with YAML merge keys ("<<: *anchor", which yaml-cpp 0.7 keeps as a plain
/// key) applied: the node's own keys win over merged ones.
YAML::Node resolveMerges(const YAML::Node& node) {
  if (node.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& item : node) out.push_back(resolveMerges(item));
    return out;
  }
  if (!node.IsMap()) return node;
  YAML::Node out(YAML::NodeType::Map);
  if (node["<<"]) {
    auto merged = resolveMerges(node["<<"]);
    for (const auto& kv : merged) out[kv.first.as<std::string>()] = kv.second;
  }
  for (const auto& kv : node) {
    auto key = kv.first.as<std::string>();
    if (key != "<<") out[key] = resolveMerges(kv.second);
  }
  return out;
}

YAML::Node compose() {
  return resolveMerges(YAML::Load(text(kDocker / "compose.yaml")));
}

std::vector<std::string> strings(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& n : list) out.push_back(expandDefaults(n.as<std::string>()));
  return out;
}

/// Stage names of the Dockerfile ("FROM x AS name").
std::set<std::string> stages(const std::string& dockerfile) {
  std::set<std::string> out;
  static const std::regex kFrom(R"(^FROM\s+\S+\s+AS\s+(\S+))", std::regex::icase);
  std::istringstream in(dockerfile);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kFrom)) out.insert(m[1]);
  }
  return out;
}

}  // namespace

TEST_CASE("compose: controller, prometheus and the seed's three nodes with its limits") {
  auto c = compose();
  std::set<std::string> names;
  for (const auto& s : c["services"]) names.insert(s.first.as<std::string>());
  CHECK(names ==
        std::set<std::string>{"controller", "prometheus", "grafana", "master", "node02", "node03"});

  std::set<std::string> addresses;
  const std::string subnet =
      expandDefaults(c["networks"]["cluster"]["ipam"]["config"][0]["subnet"].as<std::string>());
  CHECK(c["networks"]["cluster"]["driver"].as<std::string>() == "bridge");
  REQUIRE(subnet.size() > 5);
  CHECK(subnet.substr(subnet.size() - 5) == ".0/24");
  const std::string prefix = subnet.substr(0, subnet.size() - 4);
  for (const auto& s : c["services"]) {
    auto name = s.first.as<std::string>();
    CAPTURE(name);
    auto address =
        expandDefaults(s.second["networks"]["cluster"]["ipv4_address"].as<std::string>());
    CHECK(address.rfind(prefix, 0) == 0);
    CHECK(addresses.insert(address).second);
    CHECK(s.second["hostname"].as<std::string>() == name);
  }
  for (const char* node : {"master", "node02", "node03"}) {
    CAPTURE(node);
    auto s = c["services"][node];
    CHECK(s["deploy"]["resources"]["limits"]["cpus"].as<std::string>() == "2");
    CHECK(s["deploy"]["resources"]["limits"]["memory"].as<std::string>() == "2G");
    auto volumes = strings(s["volumes"]);
    CHECK(std::count(volumes.begin(), volumes.end(), "shared:/shared") == 1);
    CHECK(s["build"]["target"].as<std::string>() == "agent");
  }
  CHECK(c["volumes"]["shared"].IsDefined());
}

TEST_CASE("compose: build contexts, Dockerfile stages and image tags exist and agree") {
  auto c = compose();
  const auto dockerfileText = text(kDocker / "Dockerfile");
  const auto stageNames = stages(dockerfileText);
  const auto version = cb::test::version();
  for (const auto& s : c["services"]) {
    auto name = s.first.as<std::string>();
    CAPTURE(name);
    auto build = s.second["build"];
    if (name == "grafana") continue;  // upstream image, nothing built here
    auto context = kDocker / build["context"].as<std::string>();
    CHECK(fs::is_directory(context));
    CHECK(fs::is_regular_file(context / build["dockerfile"].as<std::string>()));
    auto target = build["target"].as<std::string>();
    CHECK(stageNames.count(target) == 1);
    CHECK(s.second["image"].as<std::string>() ==
          "localhost/clusterbench-" + target + ":" + version);
  }
  // Files the Dockerfile copies from the context, besides the packages of DEB_DIR: the agent's
  // entrypoint script and the Prometheus configuration in docker/.
  static const std::regex kCopy(R"(^COPY\s+(\S+)\s+(\S+))");
  std::istringstream in(dockerfileText);
  std::map<std::string, std::string> copies;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kCopy) || m[1].str().find("${DEB_DIR}") == 0) continue;
    copies[m[1]] = m[2];
    CHECK_MESSAGE(fs::is_regular_file(repoRoot() / m[1].str()), m[1].str());
  }
  REQUIRE(copies.size() == 2);
  const auto entrypoint = repoRoot() / "docker/entrypoint.sh";
  CHECK((fs::status(entrypoint).permissions() & fs::perms::owner_exec) != fs::perms::none);
  CHECK(dockerfileText.find("ENTRYPOINT [\"" + copies["docker/entrypoint.sh"] + "\"]") !=
        std::string::npos);
  CHECK(dockerfileText.find("--config.file=" + copies["docker/prometheus.yml"]) !=
        std::string::npos);
}

TEST_CASE("compose: Prometheus scrapes the controller and Grafana loads the dashboard from it") {
  auto c = compose();
  // docker/prometheus.yml is valid and targets the controller service's metrics port.
  auto check =
      cb::test::run({"promtool", "check", "config", (kDocker / "prometheus.yml").string()});
  CHECK_MESSAGE(check.exitCode == 0, check.out << check.err);
  auto prom = YAML::Load(text(kDocker / "prometheus.yml"));
  auto target = prom["scrape_configs"][0]["static_configs"][0]["targets"][0].as<std::string>();
  auto command = strings(c["services"]["controller"]["command"]);
  auto metrics = std::find(command.begin(), command.end(), "--metrics-address");
  REQUIRE(metrics + 1 < command.end());
  const auto& address = *(metrics + 1);
  CHECK(target == "controller:" + address.substr(address.rfind(':') + 1));

  // Grafana: both mounted directories exist, the dashboard provider reads the mounted dashboards
  // and the data source points at the prometheus service with the uid the dashboard uses.
  auto grafana = c["services"]["grafana"];
  std::map<std::string, fs::path> mounts;  // container path -> host path
  for (const auto& v : strings(grafana["volumes"])) {
    auto first = v.find(':'), second = v.find(':', first + 1);
    REQUIRE(first != std::string::npos);
    auto host = kDocker / v.substr(0, first);
    CHECK_MESSAGE(fs::is_directory(host), host);
    mounts[v.substr(first + 1, second - first - 1)] = host;
  }
  REQUIRE(mounts.count("/etc/grafana/provisioning") == 1);
  auto provisioning = mounts["/etc/grafana/provisioning"];
  auto provider = YAML::Load(text(provisioning / "dashboards/clusterbench.yaml"));
  auto dashboards = provider["providers"][0]["options"]["path"].as<std::string>();
  REQUIRE(mounts.count(dashboards) == 1);
  CHECK(fs::is_regular_file(mounts[dashboards] / "clusterbench.json"));
  auto datasource =
      YAML::Load(text(provisioning / "datasources/prometheus.yaml"))["datasources"][0];
  CHECK(datasource["url"].as<std::string>() == "http://prometheus:9090");
  CHECK(c["services"]["prometheus"].IsDefined());
  auto dashboard = text(mounts[dashboards] / "clusterbench.json");
  CHECK(dashboard.find(datasource["uid"].as<std::string>()) != std::string::npos);
}

TEST_CASE("compose: the controller's options exist in the real binary") {
  auto command = strings(compose()["services"]["controller"]["command"]);
  auto sub = std::find(command.begin(), command.end(), "controller");
  REQUIRE(sub != command.end());
  auto globals = cb::test::helpFlags({"clusterbench"});
  auto daemon = cb::test::helpFlags({"clusterbench", "controller"});
  for (const auto& f : cb::test::flagsIn({command.begin(), sub})) CHECK(globals.count(f) == 1);
  for (const auto& f : cb::test::flagsIn({sub + 1, command.end()})) CHECK(daemon.count(f) == 1);
  CHECK(cb::test::flagsIn({sub + 1, command.end()}) ==
        std::vector<std::string>{"--agent-endpoint", "--metrics-address"});
}

TEST_CASE("compose: the join token is a file on both sides, never an argument or a variable") {
  auto c = compose();
  // No service passes a token on its command line or in its environment.
  for (const auto& s : c["services"]) {
    auto name = s.first.as<std::string>();
    CAPTURE(name);
    for (const auto& f : cb::test::flagsIn(strings(s.second["command"]))) {
      CHECK(f != "--join-token");
    }
    for (const auto& e : s.second["environment"]) {
      CHECK(e.first.as<std::string>() != "CLUSTERBENCH_JOIN_TOKEN");
    }
  }
  /// host path of the bind mount at `target` (mode "ro"), "" when none.
  auto mountAt = [](const YAML::Node& service, const std::string& target) {
    for (const auto& v : strings(service["volumes"])) {
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
  auto command = strings(controller["command"]);
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
  auto c = compose();
  const auto controllerVolumes = strings(c["services"]["controller"]["volumes"]);
  // The controller's state dir is a named volume; its key pair is the host's secrets, read-only.
  auto command = strings(c["services"]["controller"]["command"]);
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
    for (const auto& v : strings(s["volumes"])) {
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
  auto pub = text(dir / "controller.pub");
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
  CHECK(text(tokens).find("\n" + token + " 0\n") != std::string::npos);  // never expires
  CHECK(r.out.find(' ') == std::string::npos);  // stdout is the token alone: the agent's file
}

TEST_CASE("the agent entrypoint passes only real options, fed by the compose environment") {
  auto script = text(kDocker / "entrypoint.sh");
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

  auto env = compose()["services"]["master"]["environment"];
  for (const char* var :
       {"CLUSTERBENCH_CONTROLLER", "CLUSTERBENCH_CONTROLLER_KEY", "CLUSTERBENCH_JOIN_TOKEN_FILE"}) {
    CAPTURE(var);
    CHECK(env[var].IsDefined());
    CHECK(script.find("${" + std::string(var)) != std::string::npos);
  }
  CHECK_FALSE(env["CLUSTERBENCH_JOIN_TOKEN"].IsDefined());
  auto r = cb::test::run({"sh", "-n", (kDocker / "entrypoint.sh").string()});
  CHECK_MESSAGE(r.exitCode == 0, r.err);

  // A token in the environment (the old way) is refused before the agent starts, without
  // echoing it.
  auto refused = cb::test::run({"env", "-i", "PATH=/usr/bin:/bin",
                                "CLUSTERBENCH_CONTROLLER=tcp://controller:7700",
                                "CLUSTERBENCH_CONTROLLER_KEY=k", "CLUSTERBENCH_JOIN_TOKEN=s3cr3t-x",
                                "sh", (kDocker / "entrypoint.sh").string()});
  CHECK(refused.exitCode == 2);
  CHECK_MESSAGE(refused.err.find("/etc/clusterbench/join-token") != std::string::npos, refused.err);
  CHECK(refused.err.find("s3cr3t-x") == std::string::npos);
}

TEST_CASE("scripts/compose-podman: every service of compose.yaml as podman commands") {
  auto c = compose();
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
  const auto secrets = (kDocker / "secrets").lexically_normal().string();
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

TEST_CASE("compose: no node lets Open MPI run as root; the agent image has the MPI user") {
  auto c = compose();
  for (const char* node : {"master", "node02", "node03"}) {
    CAPTURE(node);
    for (const auto& e : c["services"][node]["environment"]) {
      CHECK(e.first.as<std::string>().rfind("OMPI_ALLOW_RUN_AS_ROOT", 0) != 0);
    }
  }
  // The agent stage installs the agent package, whose postinst makes the MPI user the agent
  // runs mpirun, orted and the ranks as (its default --mpi-user).
  const auto dockerfile = text(kDocker / "Dockerfile");
  const auto agentStage = dockerfile.substr(dockerfile.find(" AS agent"));
  CHECK(agentStage.find("clusterbench-agent_*_amd64.deb") != std::string::npos);
  const auto postinst = text(repoRoot() / "packaging/debian/agent/postinst");
  CHECK(postinst.find("useradd --system") != std::string::npos);
  CHECK(postinst.find("clusterbench-mpi") != std::string::npos);
  CHECK(text(repoRoot() / "packaging/agent.conf").find("mpi-user = \"clusterbench-mpi\"") !=
        std::string::npos);
}
