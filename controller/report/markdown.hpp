#pragma once
// The Markdown report: the seeds' final comparison tables, one per benchmark family. Pure.
#include <ostream>

#include "report/comparison.hpp"

namespace cb::report {

void writeMarkdown(const Comparison& comparison, std::ostream& out);

}  // namespace cb::report
