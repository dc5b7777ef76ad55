#pragma once
// Conversions between the agent's plain types and protocol messages.
#include "facts/facts.hpp"
#include "schemas/protocol.capnp.h"
#include "tasks/task_types.hpp"

namespace cb::agent {

void writeFacts(const Facts& facts, proto::NodeFacts::Builder out);
TaskRequest readTaskRequest(proto::RunTask::Reader in);
/// A whole taskResult envelope, ready to send (and to keep in the outbox).
std::string encodeOutcome(const TaskOutcome& outcome);

}  // namespace cb::agent
