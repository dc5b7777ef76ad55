#pragma once
// Unified diffs of configuration files, as `diff -u` prints them, for dry runs and apply reports.
// Pure.
#include <optional>
#include <string>

namespace cb::agent::config {

inline constexpr int kDiffContextLines = 3;

/// The unified diff from `oldText` to `newText` of the file `path`: "--- path" / "+++ path"
/// headers ("/dev/null" stands for a side that does not exist, nullopt), then "@@ -l,s +l,s @@"
/// hunks with kDiffContextLines lines of context, hunks closer than twice that merged, removed
/// lines before added ones, and "\ No newline at end of file" after a last line without one.
/// Empty when both sides are equal (a missing file equals nothing but another missing file).
std::string unifiedDiff(const std::string& path, const std::optional<std::string>& oldText,
                        const std::optional<std::string>& newText);

}  // namespace cb::agent::config
