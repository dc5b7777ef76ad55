#pragma once
// GitHub-flavoured Markdown tables. Pure.
#include <string>
#include <vector>

namespace cb::report {

/// A cell's text made safe inside a table row: '|' escaped, line breaks turned into spaces.
std::string markdownCell(const std::string& text);

/// Header row, separator row and one line per row; cells escaped with markdownCell(). Rows
/// shorter than the header are padded with empty cells.
std::string markdownTable(const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows);

}  // namespace cb::report
