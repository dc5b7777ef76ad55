#include "integration/packaging_fixture.hpp"

#include <doctest/doctest.h>

#include <regex>

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

}  // namespace cb::test
