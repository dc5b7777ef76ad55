#pragma once
// Pure helpers for scanning tool output.
#include <optional>
#include <string_view>

namespace cb::bench {

/// The first number after the first occurrence of `key` (skipping blanks), e.g. "1.0002" in
/// "total time:   1.0002s". nullopt when the key or the number is missing.
std::optional<double> findNumberAfter(std::string_view text, std::string_view key);

}  // namespace cb::bench
