#pragma once
// Conversions between spec::NodeConfig and the wire's NodeConfig struct, and the apply report.
#include <string>
#include <vector>

#include "schemas/protocol.capnp.h"
#include "spec/node_config.hpp"

namespace cb::wire {

void writeNodeConfig(const spec::NodeConfig& config, proto::NodeConfig::Builder out);
spec::NodeConfig readNodeConfig(proto::NodeConfig::Reader in);

/// One applier's outcome as carried by ApplyReport (outcome: unchanged|changed|failed|skipped).
struct ApplyStepView {
  std::string applier;
  std::string outcome;
  std::string diff;
  std::vector<std::string> commands;
  std::string message;
};

std::string outcomeName(proto::ApplyStep::Outcome outcome);
std::vector<ApplyStepView> readApplySteps(capnp::List<proto::ApplyStep>::Reader in);

}  // namespace cb::wire
