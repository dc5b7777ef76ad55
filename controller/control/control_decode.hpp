#pragma once
// Final control replies (schemas/control.capnp Reply) read into control_types.hpp values. Each
// decoder takes the typed member its request is answered with and, from controllers older than
// the typed members, the `json` member (same keys as the CLI's --json output); any other member
// is an error. Pure.
// Contract: any bytes, hostile or corrupt, give a value or an error; a message Cap'n Proto or the
// JSON reader refuses (bad pointers, traversal limit, wrong JSON shape) is the error
// kMalformedReply ("malformed reply from the controller: ..."), never an exception.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "control/control_types.hpp"
#include "schemas/control.capnp.h"
#include "util/result.hpp"
#include "wire/codec.hpp"

namespace cb::control {

using ReplyBody = ctl::Reply::Body::Reader;

inline constexpr const char* kMalformedReply = "malformed reply from the controller";

/// One reply frame: the decoded message (root ctl::Reply), its body's kind and, for progress and
/// error replies, their text.
struct ReplyMessage {
  std::shared_ptr<wire::Decoded> message;
  ctl::Reply::Body::Which kind;
  std::string text;
  ReplyBody body() const { return message->root<ctl::Reply>().getBody(); }
};

/// Decodes one reply frame as received on the control socket.
Result<ReplyMessage> readReply(std::string_view bytes);

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
/// The reply to a `keys` request.
Result<std::vector<KeySummary>> decodeKeys(ReplyBody body);

}  // namespace cb::control
