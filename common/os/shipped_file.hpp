#pragma once
// Files shipped beside the binaries (scripts, suites), found from the running binary's path so
// both an installed package and a build tree inside the source tree work.
#include <filesystem>
#include <functional>
#include <optional>

namespace cb::os {

/// `<binary dir>/../share/clusterbench/<installed>` when `usable` accepts it, else `<tree>`
/// under the binary's directory or the nearest directory above it where `usable` accepts it;
/// nullopt when neither exists.
std::optional<std::filesystem::path> findShippedFile(
    const std::filesystem::path& binary, const std::filesystem::path& installed,
    const std::filesystem::path& tree,
    const std::function<bool(const std::filesystem::path&)>& usable);

}  // namespace cb::os
