#include "cli/progress_printer.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace cb::cli {

control::ProgressFn progressPrinter(bool quiet) {
  bool tty = ::isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  return [tty, quiet, start](const std::string& line) {
    if (quiet && !tty) return;
    if (tty) {
      auto s =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
              .count();
      char stamp[48];
      std::snprintf(stamp, sizeof stamp, "[%02lld:%02lld] ", static_cast<long long>(s / 60),
                    static_cast<long long>(s % 60));
      std::cerr << "\033[2m" << stamp << "\033[0m" << line << "\n";
    } else {
      std::cerr << line << "\n";
    }
  };
}

}  // namespace cb::cli
