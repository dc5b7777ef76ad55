// docker/k8s/*.yaml: the agent DaemonSet and the controller Deployment + NodePort Service run the
// images compose builds, pass only options the real binaries accept, and every Secret,
// ConfigMap, label selector, port name and $(VAR) they reference is defined.
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

}  // namespace

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
