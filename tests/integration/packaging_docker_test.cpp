// docker/compose.yaml and docker/Dockerfile against the seed's cluster and the real binaries:
// three nodes with the seed's limits on one bridge network with fixed addresses and a shared
// volume, every referenced file and build stage exists, the controller's options are real, and
// no node lets Open MPI run as root.
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
using cb::test::dockerfileStages;
using cb::test::expandDefaults;
using cb::test::fileText;
using cb::test::repoRoot;

TEST_CASE("compose: controller, prometheus and the seed's three nodes with its limits") {
  auto c = composeFile();
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
    auto volumes = composeStrings(s["volumes"]);
    CHECK(std::count(volumes.begin(), volumes.end(), "shared:/shared") == 1);
    CHECK(s["build"]["target"].as<std::string>() == "agent");
  }
  CHECK(c["volumes"]["shared"].IsDefined());
}

TEST_CASE("compose: build contexts, Dockerfile stages and image tags exist and agree") {
  auto c = composeFile();
  const auto dockerfileText = fileText(dockerDir() / "Dockerfile");
  const auto stageNames = dockerfileStages(dockerfileText);
  const auto version = cb::test::version();
  for (const auto& s : c["services"]) {
    auto name = s.first.as<std::string>();
    CAPTURE(name);
    auto build = s.second["build"];
    if (name == "grafana") continue;  // upstream image, nothing built here
    auto context = dockerDir() / build["context"].as<std::string>();
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
  auto c = composeFile();
  // docker/prometheus.yml is valid and targets the controller service's metrics port.
  auto check =
      cb::test::run({"promtool", "check", "config", (dockerDir() / "prometheus.yml").string()});
  CHECK_MESSAGE(check.exitCode == 0, check.out << check.err);
  auto prom = YAML::Load(fileText(dockerDir() / "prometheus.yml"));
  auto target = prom["scrape_configs"][0]["static_configs"][0]["targets"][0].as<std::string>();
  auto command = composeStrings(c["services"]["controller"]["command"]);
  auto metrics = std::find(command.begin(), command.end(), "--metrics-address");
  REQUIRE(metrics + 1 < command.end());
  const auto& address = *(metrics + 1);
  CHECK(target == "controller:" + address.substr(address.rfind(':') + 1));

  // Grafana: both mounted directories exist, the dashboard provider reads the mounted dashboards
  // and the data source points at the prometheus service with the uid the dashboard uses.
  auto grafana = c["services"]["grafana"];
  std::map<std::string, fs::path> mounts;  // container path -> host path
  for (const auto& v : composeStrings(grafana["volumes"])) {
    auto first = v.find(':'), second = v.find(':', first + 1);
    REQUIRE(first != std::string::npos);
    auto host = dockerDir() / v.substr(0, first);
    CHECK_MESSAGE(fs::is_directory(host), host);
    mounts[v.substr(first + 1, second - first - 1)] = host;
  }
  REQUIRE(mounts.count("/etc/grafana/provisioning") == 1);
  auto provisioning = mounts["/etc/grafana/provisioning"];
  auto provider = YAML::Load(fileText(provisioning / "dashboards/clusterbench.yaml"));
  auto dashboards = provider["providers"][0]["options"]["path"].as<std::string>();
  REQUIRE(mounts.count(dashboards) == 1);
  CHECK(fs::is_regular_file(mounts[dashboards] / "clusterbench.json"));
  auto datasource =
      YAML::Load(fileText(provisioning / "datasources/prometheus.yaml"))["datasources"][0];
  CHECK(datasource["url"].as<std::string>() == "http://prometheus:9090");
  CHECK(c["services"]["prometheus"].IsDefined());
  auto dashboard = fileText(mounts[dashboards] / "clusterbench.json");
  CHECK(dashboard.find(datasource["uid"].as<std::string>()) != std::string::npos);
}

TEST_CASE("compose: the controller's options exist in the real binary") {
  auto command = composeStrings(composeFile()["services"]["controller"]["command"]);
  auto sub = std::find(command.begin(), command.end(), "controller");
  REQUIRE(sub != command.end());
  auto globals = cb::test::helpFlags({"clusterbench"});
  auto daemon = cb::test::helpFlags({"clusterbench", "controller"});
  for (const auto& f : cb::test::flagsIn({command.begin(), sub})) CHECK(globals.count(f) == 1);
  for (const auto& f : cb::test::flagsIn({sub + 1, command.end()})) CHECK(daemon.count(f) == 1);
  CHECK(cb::test::flagsIn({sub + 1, command.end()}) ==
        std::vector<std::string>{"--agent-endpoint", "--metrics-address"});
}

TEST_CASE("compose: no node lets Open MPI run as root; the agent image has the MPI user") {
  auto c = composeFile();
  for (const char* node : {"master", "node02", "node03"}) {
    CAPTURE(node);
    for (const auto& e : c["services"][node]["environment"]) {
      CHECK(e.first.as<std::string>().rfind("OMPI_ALLOW_RUN_AS_ROOT", 0) != 0);
    }
  }
  // The agent stage installs the agent package, whose postinst makes the MPI user the agent
  // runs mpirun, orted and the ranks as (its default --mpi-user).
  const auto dockerfile = fileText(dockerDir() / "Dockerfile");
  const auto agentStage = dockerfile.substr(dockerfile.find(" AS agent"));
  CHECK(agentStage.find("clusterbench-agent_*_amd64.deb") != std::string::npos);
  const auto postinst = fileText(repoRoot() / "packaging/debian/agent/postinst");
  CHECK(postinst.find("useradd --system") != std::string::npos);
  CHECK(postinst.find("clusterbench-mpi") != std::string::npos);
  CHECK(fileText(repoRoot() / "packaging/agent.conf").find("mpi-user = \"clusterbench-mpi\"") !=
        std::string::npos);
}
