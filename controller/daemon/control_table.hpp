#pragma once
// The control protocol's dispatch table (schemas/control.capnp): one handler per request kind.
// Pure: no socket; the ControlServer feeds it bytes and a ReplyHandle.
// Contract: a request that does not decode, comes from another protocol version or has a kind
// without a handler is answered with an error at once; so is a handler that throws before it
// finished its reply. A handler answers through its ReplyHandle, now or later.
// Thread-safety: the controller loop only.
#include <functional>
#include <map>
#include <string>

#include "daemon/reply_handle.hpp"
#include "schemas/control.capnp.h"

namespace cb::controller {

using ControlHandler = std::function<void(ctl::Request::Body::Reader body, ReplyHandle reply)>;

class ControlTable {
 public:
  /// Registers the handler of one request kind (replacing an earlier one).
  void on(ctl::Request::Body::Which kind, ControlHandler handler);
  void handle(const std::string& bytes, const ReplyHandle& reply) const;
  bool handles(ctl::Request::Body::Which kind) const { return handlers_.count(kind) != 0; }

 private:
  std::map<ctl::Request::Body::Which, ControlHandler> handlers_;
};

}  // namespace cb::controller
