#include <doctest/doctest.h>

#include <capnp/message.h>

#include "daemon/control_reply.hpp"
#include "daemon/control_table.hpp"
#include "service_fakes.hpp"
#include "wire/codec.hpp"

using cb::controller::ControlTable;
using cb::controller::OpenReplies;
using cb::controller::ReplyHandle;
using cb::test::FakeSink;
using Which = cb::ctl::Request::Body::Which;

namespace {
std::string request(std::uint32_t version, bool status) {
  capnp::MallocMessageBuilder mb;
  auto r = mb.initRoot<cb::ctl::Request>();
  r.setVersion(version);
  if (status) {
    r.getBody().setStatus();
  } else {
    r.getBody().setListNodes();
  }
  return cb::wire::encode(mb);
}
}  // namespace

TEST_CASE("control table: each kind reaches its handler; other kinds, versions and bytes fail") {
  FakeSink sink;
  ControlTable table;
  int statusCalls = 0;
  table.on(Which::STATUS, [&](auto, ReplyHandle reply) {
    ++statusCalls;
    reply.finish(cb::controller::jsonReply({{"ok", true}}));
  });
  table.handle(request(cb::proto::PROTOCOL_VERSION, true), ReplyHandle(sink, "p1"));
  CHECK(statusCalls == 1);
  REQUIRE(sink.finals().size() == 1);
  CHECK(sink.finals()[0].kind == "json");
  CHECK(sink.finals()[0].peer == "p1");

  table.handle(request(cb::proto::PROTOCOL_VERSION, false), ReplyHandle(sink, "p2"));
  REQUIRE(sink.finals().size() == 2);
  CHECK(sink.finals()[1].kind == "error");
  CHECK(sink.finals()[1].text == "unknown control request");

  table.handle(request(cb::proto::PROTOCOL_VERSION + 1, true), ReplyHandle(sink, "p3"));
  REQUIRE(sink.finals().size() == 3);
  CHECK(sink.finals()[2].text.find("versions differ") != std::string::npos);
  CHECK(statusCalls == 1);

  table.handle("not a capnp message", ReplyHandle(sink, "p4"));
  REQUIRE(sink.finals().size() == 4);
  CHECK(sink.finals()[3].kind == "error");
}

TEST_CASE("control table: a handler that throws answers with an error once") {
  FakeSink sink;
  ControlTable table;
  table.on(Which::STATUS, [](auto, ReplyHandle) -> void { throw std::runtime_error("boom"); });
  table.handle(request(cb::proto::PROTOCOL_VERSION, true), ReplyHandle(sink, "p"));
  REQUIRE(sink.finals().size() == 1);
  CHECK(sink.finals()[0].text == "internal error: boom");
}

TEST_CASE("reply handle: progress then one final reply; later calls are ignored") {
  FakeSink sink;
  ReplyHandle h(sink, "peer");
  ReplyHandle copy = h;
  h.progress("step 1");
  copy.finish(cb::controller::jsonReply(1));
  h.finish(cb::controller::jsonReply(2));
  h.progress("late");
  REQUIRE(sink.replies.size() == 2);
  CHECK(sink.replies[0].text == "step 1");
  CHECK(sink.replies[1].text == "1");
  CHECK(h.finished());

  ReplyHandle detached;
  detached.progress("x");
  detached.finish(cb::controller::jsonReply(3));
  CHECK_FALSE(detached.finished());
  CHECK(sink.replies.size() == 2);
}

TEST_CASE("reply handle: an unfinished handle dropped by its last owner answers with an error") {
  FakeSink sink;
  { ReplyHandle h(sink, "peer"); }
  REQUIRE(sink.finals().size() == 1);
  CHECK(sink.finals()[0].kind == "error");
  CHECK(sink.finals()[0].text.find("dropped") != std::string::npos);
}

TEST_CASE("open replies: keep-alives reach only handles still waiting") {
  FakeSink sink;
  OpenReplies open;
  ReplyHandle waiting(sink, "a");
  ReplyHandle done(sink, "b");
  open.add(waiting);
  open.add(done);
  done.finish(cb::controller::jsonReply(0));
  CHECK(open.size() == 1);
  open.keepAlive();
  REQUIRE(sink.replies.size() == 2);
  CHECK(sink.replies[1].peer == "a");
  CHECK(sink.replies[1].kind == "progress");
  CHECK(sink.replies[1].text.empty());
  waiting.finish(cb::controller::jsonReply(1));
  CHECK(open.size() == 0);
}
