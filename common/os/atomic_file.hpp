#pragma once
// The one way the agent writes a file: a uniquely named temp file created beside the target
// (O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, so nothing planted at a temp name is followed or
// reused), mode set with fchmod, fsync, rename over the target, fsync of the directory. A
// symlink (or anything but a regular file) at the target is refused with an error naming it,
// never replaced and never followed. On failure the temp file is removed.
// readFileNoFollow/readFileAt (for files another party could have planted: benchmark output,
// state directories) never follow a symlink in the last component and accept only regular files.
#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::os {

/// Replaces `path` with `content` atomically; readers see the old or the new file, never a mix.
/// The directory is opened as given (its own path components may be symlinks).
Status writeFileAtomic(const std::filesystem::path& path, std::string_view content,
                       unsigned mode = 0644);

/// The same for `name` (one path component) inside the open directory `dirFd`; `shown` names the
/// target in errors.
Status writeFileAtomicAt(int dirFd, const std::string& name, std::string_view content,
                         unsigned mode, const std::filesystem::path& shown);

/// Whole file as a string, or an error naming the file. Follows symlinks: for files the user
/// names on the command line.
Result<std::string> readFile(const std::filesystem::path& path);

/// Whole file as a string, or an error naming the file. A symlink as the last component or a
/// non-regular file (FIFO, device, directory) is refused.
Result<std::string> readFileNoFollow(const std::filesystem::path& path);

/// The same for `name` inside the open directory `dirFd`. `missing` is set (and an error
/// returned) when the file does not exist.
Result<std::string> readFileAt(int dirFd, const std::string& name,
                               const std::filesystem::path& shown, bool* missing = nullptr);

}  // namespace cb::os
