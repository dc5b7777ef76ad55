// docker/k8s/*.yaml: the agent DaemonSet and the controller Deployment + NodePort Service run the
// images compose builds, pass only options the real binaries accept, every Secret, ConfigMap,
// label selector, port name and $(VAR) they reference is defined, and the join token reaches
// both sides only as files (a Secret mounted with subPath, no group or other permission bits).
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>

#include "integration/packaging_fixture.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

namespace {

/// Every document of every docker/k8s/*.yaml, by "Kind/name".
std::map<std::string, YAML::Node> manifests() {
  std::map<std::string, YAML::Node> out;
  for (const auto& entry : fs::directory_iterator(cb::test::repoRoot() / "docker/k8s")) {
    if (entry.path().extension() != ".yaml") continue;
    for (const auto& doc : YAML::LoadAllFromFile(entry.path().string())) {
      auto key = doc["kind"].as<std::string>() + "/" + doc["metadata"]["name"].as<std::string>();
      CHECK_MESSAGE(out.emplace(key, doc).second, key);
    }
  }
  return out;
}

std::vector<std::string> strings(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& n : list) out.push_back(n.as<std::string>());
  return out;
}

/// Checks one workload's pod template against the other manifests and the real binaries.
void checkWorkload(const YAML::Node& workload, const std::map<std::string, YAML::Node>& all) {
  const auto version = cb::test::version();
  auto spec = workload["spec"];
  for (const auto& kv : spec["selector"]["matchLabels"]) {
    CHECK(spec["template"]["metadata"]["labels"][kv.first.as<std::string>()].as<std::string>() ==
          kv.second.as<std::string>());
  }
  auto pod = spec["template"]["spec"];
  for (const auto& c : pod["containers"]) {
    auto command = strings(c["command"]);
    auto args = strings(c["args"]);
    REQUIRE(command.size() == 1);
    const auto& binary = command[0];
    CHECK(c["image"].as<std::string>() == (binary == "clusterbench"
                                               ? "localhost/clusterbench-controller:"
                                               : "localhost/clusterbench-agent:") +
                                              version);
    CHECK(c["resources"]["limits"]["cpu"].as<std::string>() == "2");
    CHECK(c["resources"]["limits"]["memory"].as<std::string>() == "2Gi");
    if (binary == "clusterbench") {
      auto sub = std::find(args.begin(), args.end(), "controller");
      REQUIRE(sub != args.end());
      auto globals = cb::test::helpFlags({"clusterbench"});
      auto daemon = cb::test::helpFlags({"clusterbench", "controller"});
      for (const auto& f : cb::test::flagsIn({args.begin(), sub})) CHECK(globals.count(f) == 1);
      for (const auto& f : cb::test::flagsIn({sub + 1, args.end()})) CHECK(daemon.count(f) == 1);
    } else {
      REQUIRE(binary == "clusterbench-agent");
      auto flags = cb::test::helpFlags({"clusterbench-agent"});
      for (const auto& f : cb::test::flagsIn(args)) CHECK_MESSAGE(flags.count(f) == 1, f);
      CHECK(std::count(args.begin(), args.end(), "--controller") == 1);
      CHECK(std::count(args.begin(), args.end(), "--controller-key") == 1);
    }
    // $(VAR) in args comes from env; secretKeyRef names a defined Secret key.
    std::set<std::string> env;
    for (const auto& e : c["env"]) {
      env.insert(e["name"].as<std::string>());
      if (auto ref = e["valueFrom"]["secretKeyRef"]) {
        auto secret = all.find("Secret/" + ref["name"].as<std::string>());
        REQUIRE(secret != all.end());
        CHECK(secret->second["stringData"][ref["key"].as<std::string>()].IsDefined());
      }
    }
    static const std::regex kRef(R"(\$\(([A-Z_]+)\))");
    for (const auto& a : args) {
      std::smatch m;
      if (std::regex_search(a, m, kRef)) CHECK_MESSAGE(env.count(m[1]) == 1, a);
    }
    std::set<std::string> volumes;
    for (const auto& v : pod["volumes"]) volumes.insert(v["name"].as<std::string>());
    for (const auto& m : c["volumeMounts"]) CHECK(volumes.count(m["name"].as<std::string>()) == 1);
  }
  for (const auto& v : pod["volumes"]) {
    if (auto cm = v["configMap"]) {
      CHECK(all.count("ConfigMap/" + cm["name"].as<std::string>()) == 1);
    }
    if (auto s = v["secret"]) {
      auto secret = all.find("Secret/" + s["secretName"].as<std::string>());
      REQUIRE(secret != all.end());
      for (const auto& item : s["items"]) {
        CHECK(secret->second["stringData"][item["key"].as<std::string>()].IsDefined());
      }
    }
  }
}

/// The volume named `name` of a pod spec (an undefined node when there is none).
YAML::Node podVolume(const YAML::Node& pod, const std::string& name) {
  for (const auto& v : pod["volumes"]) {
    if (v["name"].as<std::string>() == name) return v;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

/// The contents of the file a container sees at `path`: it must be mounted from a Secret with
/// subPath (a whole Secret volume holds symlinks, which the agent refuses), read-only, and
/// readable by the owner only. Returns the Secret's value.
std::string secretFileAt(const YAML::Node& workload, const std::string& path,
                         const std::map<std::string, YAML::Node>& all) {
  const YAML::Node pod = workload["spec"]["template"]["spec"];
  const YAML::Node container = pod["containers"][0];
  for (const auto& m : container["volumeMounts"]) {
    if (m["mountPath"].as<std::string>() != path) continue;
    CHECK(m["readOnly"].as<bool>());
    REQUIRE(m["subPath"].IsDefined());
    const YAML::Node volume = podVolume(pod, m["name"].as<std::string>());
    REQUIRE(volume["secret"].IsDefined());
    auto mode = std::stoi(volume["secret"]["defaultMode"].as<std::string>(), nullptr, 0);
    CHECK_MESSAGE((mode & 077) == 0, "defaultMode " << mode);
    const YAML::Node security = pod["securityContext"];
    CHECK_FALSE((security.IsDefined() && security["fsGroup"].IsDefined()));  // adds group read
    std::string key;
    for (const auto& item : volume["secret"]["items"]) {
      if (item["path"].as<std::string>() == m["subPath"].as<std::string>()) {
        key = item["key"].as<std::string>();
      }
    }
    REQUIRE_FALSE(key.empty());
    auto secret = all.find("Secret/" + volume["secret"]["secretName"].as<std::string>());
    REQUIRE(secret != all.end());
    REQUIRE(secret->second["stringData"][key].IsDefined());
    return secret->second["stringData"][key].as<std::string>();
  }
  FAIL("nothing is mounted at " << path);
  return "";
}

}  // namespace

TEST_CASE("k8s: the join token is a file for the agent and the controller, never argv or env") {
  auto all = manifests();
  auto agent = all["DaemonSet/clusterbench-agent"];
  auto controller = all["Deployment/clusterbench-controller"];
  for (const auto& workload : {agent, controller}) {
    for (const auto& c : workload["spec"]["template"]["spec"]["containers"]) {
      for (const auto& a : strings(c["args"])) {
        CHECK(a != "--join-token");
        CHECK(a.rfind("--join-token=", 0) != 0);
      }
      for (const auto& e : c["env"]) {
        CAPTURE(e["name"].as<std::string>());
        CHECK(e["name"].as<std::string>().find("JOIN_TOKEN") == std::string::npos);
        if (auto ref = e["valueFrom"]["secretKeyRef"]) {
          CHECK(ref["key"].as<std::string>().find("join-token") == std::string::npos);
        }
      }
    }
  }
  // The agent is told where its token file is, and it is mounted there.
  auto agentArgs = strings(agent["spec"]["template"]["spec"]["containers"][0]["args"]);
  auto file = std::find(agentArgs.begin(), agentArgs.end(), "--join-token-file");
  REQUIRE(file + 1 < agentArgs.end());
  CHECK(cb::test::helpFlags({"clusterbench-agent"}).count("--join-token-file") == 1);
  const std::string token = secretFileAt(agent, *(file + 1), all);
  CHECK(token.find_first_of(" \t\n") == std::string::npos);  // the token alone

  // The controller reads STATE_DIR/join-tokens: `TOKEN 0` (never expires), the agent's token.
  auto controllerArgs = strings(controller["spec"]["template"]["spec"]["containers"][0]["args"]);
  auto stateDir = std::find(controllerArgs.begin(), controllerArgs.end(), "--state-dir");
  REQUIRE(stateDir + 1 < controllerArgs.end());
  CHECK(secretFileAt(controller, *(stateDir + 1) + "/join-tokens", all) == token + " 0");
  // The agents' Secret is not the one holding the controller's secret key.
  for (const auto& v : agent["spec"]["template"]["spec"]["volumes"]) {
    if (auto s = v["secret"]) CHECK(s["secretName"].as<std::string>() != "clusterbench-controller");
  }
}

TEST_CASE("k8s: agent DaemonSet, controller Deployment and NodePort Service are consistent") {
  auto all = manifests();
  REQUIRE(all.count("DaemonSet/clusterbench-agent") == 1);
  REQUIRE(all.count("Deployment/clusterbench-controller") == 1);
  REQUIRE(all.count("Service/clusterbench-controller") == 1);
  for (const auto& [key, doc] : all) {
    if (doc["kind"].as<std::string>() == "Namespace") continue;
    CHECK_MESSAGE(doc["metadata"]["namespace"].as<std::string>() == "clusterbench", key);
  }
  checkWorkload(all["DaemonSet/clusterbench-agent"], all);
  checkWorkload(all["Deployment/clusterbench-controller"], all);

  auto service = all["Service/clusterbench-controller"];
  auto deployment = all["Deployment/clusterbench-controller"];
  CHECK(service["spec"]["type"].as<std::string>() == "NodePort");
  for (const auto& kv : service["spec"]["selector"]) {
    CHECK(deployment["spec"]["template"]["metadata"]["labels"][kv.first.as<std::string>()]
              .as<std::string>() == kv.second.as<std::string>());
  }
  std::set<std::string> portNames;
  for (const auto& p : deployment["spec"]["template"]["spec"]["containers"][0]["ports"]) {
    portNames.insert(p["name"].as<std::string>());
  }
  for (const auto& p : service["spec"]["ports"]) {
    CHECK(portNames.count(p["targetPort"].as<std::string>()) == 1);
    auto nodePort = p["nodePort"].as<int>();
    CHECK(nodePort >= 30000);
    CHECK(nodePort <= 32767);
  }
  // The agent dials the Service by its cluster DNS name and port.
  auto args = strings(
      all["DaemonSet/clusterbench-agent"]["spec"]["template"]["spec"]["containers"][0]["args"]);
  auto it = std::find(args.begin(), args.end(), "--controller");
  REQUIRE(it + 1 < args.end());
  CHECK(*(it + 1) == "tcp://clusterbench-controller.clusterbench.svc:" +
                         service["spec"]["ports"][0]["port"].as<std::string>());
}
