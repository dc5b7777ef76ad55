#pragma once
// A measured figure (PerfKit Benchmarker's (metric, value, unit, metadata)).
#include <map>
#include <string>
#include <vector>

namespace cb::bench {

struct Sample {
  std::string metric;  // snake_case, e.g. "events_per_second"
  double value = 0;
  std::string unit;                           // e.g. "events/s", "ms"
  std::map<std::string, std::string> labels;  // bounded extra dimensions, e.g. threads=2
};

using Samples = std::vector<Sample>;

}  // namespace cb::bench
