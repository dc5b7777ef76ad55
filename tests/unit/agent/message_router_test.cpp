// The table from envelope kind to handler: allowed kinds reach their handler, others nothing.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "session/message_router.hpp"
#include "wire/envelope.hpp"

using cb::agent::MessageRouter;
using Body = cb::proto::Envelope::Body;

namespace {

std::string cancelOf(const std::string& taskId) {
  return cb::wire::buildEnvelope(0, [&](Body::Builder b) { b.initCancel().setTaskId(taskId); });
}

std::string helloFrom(const std::string& nodeId) {
  return cb::wire::buildEnvelope(1, [&](Body::Builder b) { b.initHello().setNodeId(nodeId); });
}

/// Decodes `frame` the way the connection does and routes it.
MessageRouter::Outcome route(const MessageRouter& router, const std::string& frame) {
  auto in = cb::wire::readEnvelope(frame);
  REQUIRE(in);
  return router.route(in->envelope.getBody(), frame);
}

}  // namespace

TEST_CASE("an allowed kind reaches its own handler with the body and the frame") {
  MessageRouter router;
  std::vector<std::string> cancelled, frames;
  int acks = 0;
  router.on(Body::CANCEL, [&](Body::Reader body, const std::string& frame) {
    cancelled.emplace_back(body.getCancel().getTaskId().cStr());
    frames.push_back(frame);
  });
  router.on(Body::HEARTBEAT_ACK, [&](Body::Reader, const std::string&) { ++acks; });

  const std::string frame = cancelOf("task-7");
  auto outcome = route(router, frame);
  CHECK(outcome.routed == MessageRouter::Routed::handled);
  CHECK(outcome.error.empty());
  REQUIRE(cancelled.size() == 1);
  CHECK(cancelled[0] == "task-7");
  CHECK(frames[0] == frame);
  CHECK(acks == 0);  // only the kind's own handler ran

  CHECK(router.allows(Body::CANCEL));
  CHECK(router.allows(Body::HEARTBEAT_ACK));
}

TEST_CASE("a kind that is not in the table reaches no handler") {
  MessageRouter router;
  int calls = 0;
  router.on(Body::CANCEL, [&](Body::Reader, const std::string&) { ++calls; });
  router.on(Body::WELCOME, [&](Body::Reader, const std::string&) { ++calls; });

  CHECK_FALSE(router.allows(Body::HELLO));
  auto outcome = route(router, helloFrom("n1"));
  CHECK(outcome.routed == MessageRouter::Routed::notAllowed);
  CHECK(calls == 0);

  // An empty table allows nothing.
  MessageRouter empty;
  CHECK(route(empty, cancelOf("t")).routed == MessageRouter::Routed::notAllowed);
}

TEST_CASE("a handler that throws is reported as failed and the router keeps working") {
  MessageRouter router;
  int calls = 0;
  router.on(Body::CANCEL, [&](Body::Reader body, const std::string&) {
    ++calls;
    if (body.getCancel().getTaskId() == "bad") throw std::runtime_error("no such task: bad");
  });
  auto failed = route(router, cancelOf("bad"));
  CHECK(failed.routed == MessageRouter::Routed::failed);
  CHECK(failed.error == "no such task: bad");
  CHECK(route(router, cancelOf("good")).routed == MessageRouter::Routed::handled);
  CHECK(calls == 2);
}
