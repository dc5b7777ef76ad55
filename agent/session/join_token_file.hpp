#pragma once
// The node's join token (DESIGN §3, enrollment): one line in a root-only file, by default
// /etc/clusterbench/join-token. Never taken from the command line or the environment.
#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace cb::agent {

/// The token in `path` (surrounding whitespace removed); "" when the file does not exist.
/// Errors: the path is a symlink or not a regular file, the file is readable or writable by
/// group or others (it must be 0600 or stricter), it is empty, longer than 1 KiB or holds
/// several words. Each error names the file.
Result<std::string> readJoinTokenFile(const std::filesystem::path& path);

}  // namespace cb::agent
