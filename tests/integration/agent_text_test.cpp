// Invalid UTF-8 and terminal escape sequences from an agent: a raw CURVE peer enrolled by token
// plays the agent, with a hostname and a task result full of bad bytes. The controller stays up,
// every JSON output parses with U+FFFD where the bytes were bad, and no text output carries ESC.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <zmq.hpp>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "schemas/protocol.capnp.h"
#include "wire/curve_keys.hpp"
#include "wire/envelope.hpp"

using cb::test::LocalCluster;
using Body = cb::proto::Envelope::Body;
using namespace std::chrono_literals;

namespace {

const std::string kBad = "\xff\xfe";       // never valid UTF-8
const std::string kClear = "\x1b[2J";      // clears a terminal
const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD
const std::string kNodeId = "0123456789abcdef0123456789abcdef";

/// An enrolled agent speaking the protocol directly: hello, heartbeats, and a hostile result
/// for every task it is given. Serves on its own thread until destroyed.
class HostileAgent {
 public:
  explicit HostileAgent(LocalCluster& c) {
    auto server = cb::wire::readPublicKey(c.stateDir() / "controller.pub");
    REQUIRE(server);
    auto token = cb::os::readFile(c.tokenFile());
    REQUIRE(token);
    token_ = token->substr(0, token->find('\n'));
    socket_.set(zmq::sockopt::linger, 0);
    socket_.set(zmq::sockopt::curve_serverkey, *server);
    socket_.set(zmq::sockopt::curve_publickey, keys_.publicKey);
    socket_.set(zmq::sockopt::curve_secretkey, keys_.secretKey);
    socket_.connect("tcp://127.0.0.1:" + std::to_string(c.port()));
    thread_ = std::thread([this] { serve(); });
  }
  ~HostileAgent() {
    stop_ = true;
    thread_.join();
  }
  int tasksAnswered() const { return answered_; }

 private:
  void send(const std::string& bytes) { socket_.send(zmq::buffer(bytes), zmq::send_flags::none); }

  void hello() {
    send(cb::wire::buildEnvelope(1, [&](Body::Builder b) {
      auto h = b.initHello();
      h.setNodeId(kNodeId);
      h.setJoinToken(token_);
      auto f = h.initFacts();
      f.setHostname(kBad + "-node" + kClear);
      f.setCpuModel("cpu " + kBad + kClear);
      f.setOs("os\x07\x9b");
      f.setCpuCount(1);
    }));
  }

  void answer(cb::proto::RunTask::Reader task) {
    std::string taskId = task.getTaskId();
    send(cb::wire::buildEnvelope(0, [&](Body::Builder b) {
      auto e = b.initTaskEvent();
      e.setTaskId(taskId);
      e.setKind(cb::proto::TaskEvent::Kind::STDOUT);
      e.setText("line " + kBad + kClear);
    }));
    send(cb::wire::buildEnvelope(0, [&](Body::Builder b) {
      auto r = b.initTaskResult();
      r.setTaskId(taskId);
      r.setStatus(cb::proto::TaskResult::Status::SUCCEEDED);
      r.setWallSeconds(0.5);
      r.setRawOutput("out " + kBad + " " + kClear + "\ttab\nnext\n");
      r.setRawStderr("err " + kBad + kClear);
      r.setMessage("note " + kBad + kClear);
      auto cmd = r.initCommand(2);
      cmd.set(0, "sysbench");
      cmd.set(1, "--x=" + kBad + kClear);
      auto s = r.initSamples(1)[0];
      s.setMetric("events_per_second" + kClear);
      s.setValue(42.5);
      s.setUnit("events/s" + kBad);
      auto labels = s.initLabels(1);
      labels[0].setName("threads" + kBad);
      labels[0].setValue("2" + kClear);
    }));
    ++answered_;
  }

  void serve() {
    auto nextBeat = std::chrono::steady_clock::now();
    bool welcomed = false;
    while (!stop_) {
      if (std::chrono::steady_clock::now() >= nextBeat) {
        if (welcomed) {
          send(cb::wire::buildEnvelope(0, [&](Body::Builder b) {
            auto hb = b.initHeartbeat();
            hb.setNodeId(kNodeId);
            hb.setSequence(++sequence_);
          }));
        } else {
          hello();
        }
        nextBeat = std::chrono::steady_clock::now() + 150ms;
      }
      zmq::pollitem_t items[] = {{socket_.handle(), 0, ZMQ_POLLIN, 0}};
      zmq::poll(items, 1, 50ms);
      if (!(items[0].revents & ZMQ_POLLIN)) continue;
      zmq::message_t m;
      if (!socket_.recv(m, zmq::recv_flags::dontwait)) continue;
      auto in =
          cb::wire::readEnvelope(std::string_view(static_cast<const char*>(m.data()), m.size()));
      if (!in) continue;
      auto body = in->envelope.getBody();
      if (body.which() == Body::WELCOME) welcomed = true;
      if (body.which() == Body::RUN_TASK) answer(body.getRunTask());
    }
  }

  zmq::context_t ctx_{1};
  zmq::socket_t socket_{ctx_, zmq::socket_type::dealer};
  cb::wire::KeyPair keys_ = cb::wire::generateKeyPair();
  std::string token_;
  std::uint64_t sequence_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::thread thread_;
};

nlohmann::json parsed(const cb::test::CommandResult& r) {
  REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: " << r.out);
  return j;
}

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("invalid UTF-8 and escape sequences from an agent reach no output unsanitised") {
  LocalCluster c;
  HostileAgent agent(c);
  REQUIRE_MESSAGE(c.waitForNodes(1, "ready"), c.controllerLog());

  auto nodes = parsed(c.cli({"nodes", "--json"}, 10s));
  REQUIRE(nodes.size() == 1);
  std::string hostname = nodes[0]["hostname"];
  CHECK(hostname == kFffd + kFffd + "-node" + kFffd + "[2J");
  CHECK_FALSE(has(nodes.dump(), "\x1b"));
  auto nodesText = c.cli({"nodes"}, 10s);
  REQUIRE_MESSAGE(nodesText.exitCode == 0, nodesText.err);
  CHECK(has(nodesText.out, "-node"));
  CHECK_FALSE(has(nodesText.out, "\x1b"));
  CHECK_FALSE(has(nodesText.out, kBad));

  auto run = c.cli({"run", "-b", "sysbench-cpu", "-p", "time=1", "--progress", "--json"}, 60s);
  REQUIRE_MESSAGE(run.exitCode == 0, run.err << c.controllerLog());
  CHECK(agent.tasksAnswered() == 1);
  CHECK_FALSE(has(run.err, "\x1b"));
  auto runJson = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(!runJson.is_discarded(), run.out);
  const std::string runId = std::to_string(runJson["run_id"].get<std::int64_t>());

  auto results = parsed(c.cli({"results", "--json"}, 10s));
  REQUIRE(results.size() == 1);
  auto detail = parsed(c.cli({"results", "--run", runId, "--json"}, 10s));
  REQUIRE(detail.size() == 1);
  REQUIRE(detail[0]["results"].size() == 1);
  const auto& r = detail[0]["results"][0];
  CHECK(r["status"] == "succeeded");
  CHECK(r["hostname"] == hostname);
  CHECK(r["raw_output"] == "out " + kFffd + kFffd + " " + kFffd + "[2J\ttab\nnext\n");
  CHECK(r["raw_stderr"] == "err " + kFffd + kFffd + kFffd + "[2J");
  CHECK(r["message"] == "note " + kFffd + kFffd + kFffd + "[2J");
  CHECK(r["command"][1] == "--x=" + kFffd + kFffd + kFffd + "[2J");
  REQUIRE(r["samples"].size() == 1);
  const auto& s = r["samples"][0];
  CHECK(s["metric"] == "events_per_second" + kFffd + "[2J");
  CHECK(s["unit"] == "events/s" + kFffd + kFffd);
  CHECK(s["labels"]["threads" + kFffd + kFffd] == "2" + kFffd + "[2J");
  CHECK(s["value"] == 42.5);
  for (const auto& doc : {results, detail}) CHECK_FALSE(has(doc.dump(), "\x1b"));

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"results"}, std::vector<std::string>{"results", "--run", runId}}) {
    auto text = c.cli(args, 10s);
    REQUIRE_MESSAGE(text.exitCode == 0, text.err);
    CHECK_FALSE(has(text.out, "\x1b"));
    CHECK_FALSE(has(text.out, kBad));
  }

  // Still up and answering; the log holds no raw escape either.
  CHECK(c.controllerRunning());
  CHECK(c.nodes().size() == 1);
  CHECK_FALSE(has(c.controllerLog(), "\x1b"));
}
