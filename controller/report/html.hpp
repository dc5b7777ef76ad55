#pragma once
// The HTML report: one self-contained file (inline CSS and SVG drawn by svg_*.cpp; nothing is
// fetched from anywhere). Pure.
#include <ostream>

#include "report/comparison.hpp"

namespace cb::report {

void writeHtml(const Comparison& comparison, std::ostream& out);

}  // namespace cb::report
