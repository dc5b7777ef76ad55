#pragma once
// Which controller messages the agent acts on: an explicit table from envelope body kind to
// handler. A kind that is not in the table is never handed to any code (allow-list); the
// caller decides how to report it.
// Thread-safety: none; built once, then used on the loop thread.
#include <functional>
#include <map>
#include <string>

#include "schemas/protocol.capnp.h"

namespace cb::agent {

class MessageRouter {
 public:
  using Body = proto::Envelope::Body;
  /// `body` and `frame` (the whole encoded envelope) are valid only during the call.
  using Handler = std::function<void(Body::Reader body, const std::string& frame)>;

  /// Allows `kind` and routes it to `handler`. Each kind is added at most once.
  void on(Body::Which kind, Handler handler);

  bool allows(Body::Which kind) const { return table_.count(kind) != 0; }

  enum class Routed {
    handled,     // the kind's handler ran to completion
    notAllowed,  // the kind is not in the table; no handler ran
    failed,      // the handler threw; `error` says what
  };
  struct Outcome {
    Routed routed;
    std::string error;
  };

  /// Hands `body` to its kind's handler. An exception from the handler ends there (the
  /// per-message loop boundary) and comes back as `failed`.
  Outcome route(Body::Reader body, const std::string& frame) const;

 private:
  std::map<Body::Which, Handler> table_;
};

}  // namespace cb::agent
