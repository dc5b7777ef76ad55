#pragma once
// Helpers for the packaging tests: where the repository is, which long options the real
// binaries accept, compose-style ${VAR:-default} expansion, and docker/compose.yaml and the
// Dockerfile read as data.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace cb::test {

/// The source tree (parent of tests/).
std::filesystem::path repoRoot();

/// Every "--long-option" named in the output of `argv --help` (argv[0] a built binary's name).
std::set<std::string> helpFlags(std::vector<std::string> argv);

/// The "--long-option" words of a command line ("--a=b" counts as "--a").
std::vector<std::string> flagsIn(const std::vector<std::string>& words);

/// Replaces each ${NAME:-default} by its default and each ${NAME} by "" (an unset environment).
std::string expandDefaults(const std::string& text);

/// `clusterbench --version` ("0.1.0").
std::string version();

/// The docker/ folder of the source tree.
std::filesystem::path dockerDir();

/// A file's text; a test REQUIREs that it reads.
std::string fileText(const std::filesystem::path& file);

/// A copy of `node` with YAML merge keys ("<<: *anchor", which yaml-cpp 0.7 keeps as a plain
/// key) applied: the node's own keys win over merged ones.
YAML::Node resolveMerges(const YAML::Node& node);

/// docker/compose.yaml with its merge keys resolved.
YAML::Node composeFile();

/// The items of a YAML list, each through expandDefaults().
std::vector<std::string> composeStrings(const YAML::Node& list);

/// Stage names of a Dockerfile's text ("FROM x AS name").
std::set<std::string> dockerfileStages(const std::string& dockerfile);

}  // namespace cb::test
