#pragma once
// Helpers for the packaging tests: where the repository is, which long options the real
// binaries accept, and compose-style ${VAR:-default} expansion.
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

}  // namespace cb::test
