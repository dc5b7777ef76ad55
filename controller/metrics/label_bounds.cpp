#include "metrics/label_bounds.hpp"

namespace cb::metrics {

std::string_view refuseAgentSeries(const LabelBounds& bounds, std::size_t nodeSeries,
                                   std::initializer_list<std::string_view> values) {
  for (auto v : values) {
    if (v.size() > bounds.maxValueBytes) return "label_too_long";
  }
  if (nodeSeries >= bounds.maxSeriesPerNode) return "series_limit";
  return {};
}

}  // namespace cb::metrics
