#pragma once
// Progress lines for humans on stderr: an elapsed-time stamp on a terminal, plain lines otherwise.
#include "cli/control_client.hpp"

namespace cb::cli {

/// quiet (e.g. --json): print nothing unless stderr is a terminal.
ProgressFn progressPrinter(bool quiet);

}  // namespace cb::cli
