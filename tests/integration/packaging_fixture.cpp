#include "integration/packaging_fixture.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace cb::test {

std::filesystem::path repoRoot() {
  return std::filesystem::path(CB_TEST_DATA).parent_path().parent_path();
}

std::set<std::string> helpFlags(std::vector<std::string> argv) {
  argv[0] = bin(argv[0]);
  argv.push_back("--help");
  auto r = run(argv);
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  std::set<std::string> flags;
  static const std::regex kFlag("--[a-z0-9][a-z0-9-]*");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), kFlag), end; it != end; ++it) {
    flags.insert(it->str());
  }
  return flags;
}

std::vector<std::string> flagsIn(const std::vector<std::string>& words) {
  std::vector<std::string> flags;
  for (const auto& w : words) {
    if (w.rfind("--", 0) == 0 && w.size() > 2) flags.push_back(w.substr(0, w.find('=')));
  }
  return flags;
}

std::string expandDefaults(const std::string& text) {
  static const std::regex kVar(R"(\$\{[A-Za-z_][A-Za-z0-9_]*(:-([^}]*))?\})");
  return std::regex_replace(text, kVar, "$2");
}

std::string version() {
  auto r = run({bin("clusterbench"), "--version"});
  REQUIRE(r.exitCode == 0);
  std::string v = r.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

std::filesystem::path dockerDir() {
  return repoRoot() / "docker";
}

std::string fileText(const std::filesystem::path& file) {
  auto t = cb::os::readFile(file);
  REQUIRE_MESSAGE(t, t.error());
  return *t;
}

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

YAML::Node composeFile() {
  return resolveMerges(YAML::Load(fileText(dockerDir() / "compose.yaml")));
}

std::vector<std::string> composeStrings(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& n : list) out.push_back(expandDefaults(n.as<std::string>()));
  return out;
}

std::set<std::string> dockerfileStages(const std::string& dockerfile) {
  std::set<std::string> out;
  static const std::regex kFrom(R"(^FROM\s+\S+\s+AS\s+(\S+))", std::regex::icase);
  std::istringstream in(dockerfile);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kFrom)) out.insert(m[1]);
  }
  return out;
}

}  // namespace cb::test
