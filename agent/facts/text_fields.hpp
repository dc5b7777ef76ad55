#pragma once
// Pure helpers for "key : value" text such as /proc/cpuinfo and /proc/meminfo.
#include <cstddef>
#include <optional>
#include <string_view>

namespace cb::agent {

/// Value of the first line whose key (text before the first ':', blanks trimmed) equals key, with
/// blanks trimmed; nullopt when no line has that key. The view points into text.
std::optional<std::string_view> firstFieldValue(std::string_view text, std::string_view key);

/// Number of lines whose key equals key.
std::size_t countFieldLines(std::string_view text, std::string_view key);

}  // namespace cb::agent
