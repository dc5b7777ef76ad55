#pragma once
// Crash-safe file replacement: write a temp file beside the target, fsync, rename, fsync dir.
#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::os {

/// Replaces `path` with `content` atomically; readers see the old or the new file, never a mix.
Status writeFileAtomic(const std::filesystem::path& path, std::string_view content,
                       unsigned mode = 0644);

/// Whole file as a string, or an error naming the file.
Result<std::string> readFile(const std::filesystem::path& path);

}  // namespace cb::os
