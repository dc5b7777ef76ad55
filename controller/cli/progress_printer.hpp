#pragma once
// Progress lines for humans on stderr: an elapsed-time stamp on a terminal, plain lines otherwise.
#include "control/control_client.hpp"

namespace cb::cli {

/// quiet (e.g. --json): print nothing unless stderr is a terminal.
control::ProgressFn progressPrinter(bool quiet);

}  // namespace cb::cli
