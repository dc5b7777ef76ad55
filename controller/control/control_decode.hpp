#pragma once
// Final control replies (schemas/control.capnp Reply) read into control_types.hpp values. Each
// decoder takes the typed member its request is answered with and, from controllers older than
// the typed members, the `json` member (same keys as the CLI's --json output); any other member
// is an error. Pure.
#include <cstdint>
#include <vector>

#include "control/control_types.hpp"
#include "schemas/control.capnp.h"
#include "util/result.hpp"

namespace cb::control {

using ReplyBody = ctl::Reply::Body::Reader;

Result<std::vector<NodeSummary>> decodeNodes(ReplyBody body);
Result<ControllerStatus> decodeStatus(ReplyBody body);
Result<std::vector<RunSummary>> decodeRuns(ReplyBody body);
/// The reply to `run` and `importRun`.
Result<RunSummary> decodeRun(ReplyBody body);
Result<SuiteSummary> decodeSuite(ReplyBody body);
/// The reply to `listSuites` (typed only: older controllers do not store suites).
Result<std::vector<SuiteRunInfo>> decodeSuites(ReplyBody body);
/// The run ids the reply to `cancel` names.
Result<std::vector<std::int64_t>> decodeCancelled(ReplyBody body);
Status decodeStopping(ReplyBody body);
Result<ApplySummary> decodeApply(ReplyBody body);

}  // namespace cb::control
