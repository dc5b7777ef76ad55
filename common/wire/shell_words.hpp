#pragma once
// Splitting a command line that was meant for a remote shell into argv words, WITHOUT a shell:
// single and double quotes group and are removed, a backslash escapes the next character; any
// expansion syntax ($, `, globbing, ;, |, &, redirections) is NOT interpreted. A line that
// relies on those (an unquoted ; | & < > ` $( ) is refused, since running it without a shell
// would not do what its author meant.
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::wire {

Result<std::vector<std::string>> splitShellWords(const std::vector<std::string>& words);

}  // namespace cb::wire
