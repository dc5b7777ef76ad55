#pragma once
// NodeMetricsSample as the protocol's nodeMetrics message.
#include <cstdint>
#include <string>

#include "metrics/node_metrics.hpp"
#include "schemas/protocol.capnp.h"

namespace cb::agent {

void writeNodeMetrics(const NodeMetricsSample& sample, const std::string& nodeId,
                      std::int64_t timestampMs, proto::NodeMetrics::Builder out);

/// A whole nodeMetrics envelope (request id 0: unsolicited), ready to send.
std::string encodeNodeMetrics(const NodeMetricsSample& sample, const std::string& nodeId,
                              std::int64_t timestampMs);

}  // namespace cb::agent
