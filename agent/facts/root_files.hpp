#pragma once
// Reading the files of a root tree: the live system ("/") or a sample tree in tests. Every path is
// relative to the root ("proc/cpuinfo"); symlinks are followed as the OS resolves them.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace cb::agent {

/// Upper bound on what readUnder returns; /proc/cpuinfo of a 512-CPU machine is well below it.
inline constexpr std::size_t kMaxRootFileBytes = 16 * 1024 * 1024;

/// Contents of root/relPath (relPath must be relative), or nullopt when it is missing or cannot be
/// read (e.g. /proc/1/environ without CAP_SYS_PTRACE). Reads until EOF, because pseudo-files
/// report size 0, and at most kMaxRootFileBytes.
std::optional<std::string> readUnder(const std::filesystem::path& root, std::string_view relPath);

/// Whether root/relPath exists (any file type). Errors count as "does not exist".
bool existsUnder(const std::filesystem::path& root, std::string_view relPath);

/// The first line of text, ended by '\n' or NUL (like systemd's read_one_line_file), with
/// surrounding whitespace removed.
std::string_view firstLine(std::string_view text);

/// text without leading and trailing blanks (space, tab, CR, LF).
std::string_view trimBlanks(std::string_view text);

}  // namespace cb::agent
