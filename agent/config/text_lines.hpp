#pragma once
// Small text helpers shared by the appliers. Pure.
#include <string>
#include <string_view>
#include <vector>

namespace cb::agent::config {

/// text without leading and trailing blanks (space, tab, CR, LF).
std::string_view trimmed(std::string_view text);

/// The text up to the first '\n' (all of it when there is none).
std::string_view firstLineOf(std::string_view text);

/// The lines of text without their '\n' (a final '\n' does not start an empty line).
std::vector<std::string_view> linesOf(std::string_view text);

/// The blank-separated words of a line, ignoring everything from a '#' on.
std::vector<std::string_view> wordsBeforeComment(std::string_view line);

/// Items joined by `separator`.
std::string joined(const std::vector<std::string>& items, std::string_view separator);

}  // namespace cb::agent::config
