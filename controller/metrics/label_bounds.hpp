#pragma once
// Bounds on the label values of /metrics that agents choose (the metric and unit names of their
// results): whatever a broken or hostile node reports, the series it can add stay few and short,
// so /metrics and Prometheus' memory stay bounded. Pure logic.
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace cb::metrics {

struct LabelBounds {
  std::size_t maxValueBytes = 96;      // per agent-chosen label value
  std::size_t maxSeriesPerNode = 256;  // clusterbench_benchmark_result series of one node
};

/// Why a new series of a node that already has `nodeSeries` series, with the agent-chosen label
/// `values`, is not exported: "label_too_long" or "series_limit" (reasons of
/// clusterbench_agent_refusals_total); empty when it may be.
std::string_view refuseAgentSeries(const LabelBounds& bounds, std::size_t nodeSeries,
                                   std::initializer_list<std::string_view> values);

}  // namespace cb::metrics
