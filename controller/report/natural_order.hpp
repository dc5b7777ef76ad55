#pragma once
// Ordering of labels and group names as people expect: digit runs compare as numbers
// ("record_kb=64" before "record_kb=1024"). Pure.
#include <map>
#include <string>
#include <string_view>

namespace cb::report {

/// Strict weak order: text compared character by character, runs of digits by numeric value.
bool naturalLess(std::string_view a, std::string_view b);

/// Label maps compared key by key in key order, values with naturalLess.
bool naturalLess(const std::map<std::string, std::string>& a,
                 const std::map<std::string, std::string>& b);

}  // namespace cb::report
