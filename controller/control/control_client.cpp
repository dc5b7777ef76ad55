#include "control/control_client.hpp"

#include <unistd.h>

#include <capnp/message.h>
#include <zmq.hpp>

#include "control/control_decode.hpp"
#include "schemas/control.capnp.h"
#include "schemas/protocol.capnp.h"
#include "wire/codec.hpp"

namespace cb::control {
namespace {

using Fill = std::function<void(ctl::Request::Body::Builder)>;

/// Sends one request; returns the final reply (json or a typed body), or the daemon's error.
Result<std::shared_ptr<wire::Decoded>> exchange(const std::string& endpoint, const Fill& fill,
                                                const ProgressFn& progress,
                                                std::chrono::milliseconds timeout) {
  if (endpoint.rfind("ipc://", 0) == 0 && !std::filesystem::exists(endpoint.substr(6))) {
    return fail("no controller is running (no control socket " + endpoint.substr(6) +
                "); start one with `clusterbench controller` or `clusterbench lab up`");
  }
  capnp::MallocMessageBuilder mb;
  auto req = mb.initRoot<ctl::Request>();
  req.setVersion(proto::PROTOCOL_VERSION);
  fill(req.getBody());
  std::string bytes = wire::encode(mb);

  zmq::context_t ctx(1);
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(wire::kMaxMessageBytes));
  s.connect(endpoint);
  s.send(zmq::message_t(), zmq::send_flags::sndmore);
  s.send(zmq::buffer(bytes), zmq::send_flags::none);

  auto deadline = std::chrono::steady_clock::now() + timeout;
  // The daemon sends a keep-alive progress line every ~2 s while a run is under way.
  const auto kSilenceLimit = std::chrono::seconds(15);
  auto lastHeard = std::chrono::steady_clock::now();
  bool inProgress = false;
  while (true) {
    if (inProgress && std::chrono::steady_clock::now() - lastHeard > kSilenceLimit) {
      return fail("the controller at " + endpoint +
                  " stopped answering during the run (did it exit? see its log)");
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return fail("the controller at " + endpoint + " did not answer within " +
                  std::to_string(timeout.count() / 1000) + " s");
    }
    zmq::pollitem_t items[] = {{s.handle(), 0, ZMQ_POLLIN, 0}};
    zmq::poll(items, 1, std::min(left, std::chrono::milliseconds(500)));
    if (!(items[0].revents & ZMQ_POLLIN)) continue;
    zmq::message_t delim, payload;
    if (!s.recv(delim) || !delim.more() || !s.recv(payload)) continue;
    auto reply =
        readReply(std::string_view(static_cast<const char*>(payload.data()), payload.size()));
    if (!reply) return Error{reply.error()};
    lastHeard = std::chrono::steady_clock::now();
    switch (reply->kind) {
      case ctl::Reply::Body::PROGRESS:
        inProgress = true;
        if (progress && !reply->text.empty()) progress(reply->text);
        continue;
      case ctl::Reply::Body::ERROR:
        return fail(reply->text);
      default:
        return reply->message;
    }
  }
}

/// One request whose final reply `decode` reads (control_decode.hpp).
template <typename Decode>
auto typedCall(const std::string& endpoint, const Fill& fill, const ProgressFn& progress,
               std::chrono::milliseconds timeout, Decode decode)
    -> decltype(decode(std::declval<ReplyBody>())) {
  auto reply = exchange(endpoint, fill, progress, timeout);
  if (!reply) return Error{reply.error()};
  return decode((*reply)->root<ctl::Reply>().getBody());
}

}  // namespace

std::filesystem::path resolveStateDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("CLUSTERBENCH_STATE_DIR"); env && *env) return env;
  if (::geteuid() == 0) return "/var/lib/clusterbench";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".local/state/clusterbench";
}

std::string controlEndpointFor(const std::filesystem::path& stateDir) {
  return "ipc://" + (stateDir / "control.sock").string();
}

Result<std::vector<NodeSummary>> requestNodes(const std::string& endpoint,
                                              std::chrono::milliseconds t) {
  return typedCall(
      endpoint, [](auto b) { b.setListNodes(); }, nullptr, t, decodeNodes);
}

Result<ControllerStatus> requestStatus(const std::string& endpoint, std::chrono::milliseconds t) {
  return typedCall(
      endpoint, [](auto b) { b.setStatus(); }, nullptr, t, decodeStatus);
}

Result<SuiteSummary> requestSuite(const std::string& endpoint, const std::string& yaml,
                                  const std::string& fileName,
                                  const std::map<std::string, std::string>& labels,
                                  const ProgressFn& progress, std::chrono::milliseconds t,
                                  std::int64_t resumeSuiteId, const std::string& master) {
  return typedCall(
      endpoint,
      [&](auto b) {
        auto r = b.initRunSuite();
        r.setYaml(yaml);
        r.setFileName(fileName);
        r.setResumeSuiteId(resumeSuiteId);
        r.setMaster(master);
        auto list = r.initLabels(static_cast<unsigned>(labels.size()));
        unsigned i = 0;
        for (const auto& [k, v] : labels) {
          list[i].setKey(k);
          list[i].setValue(v);
          ++i;
        }
      },
      progress, t, decodeSuite);
}

Result<std::vector<SuiteRunInfo>> requestSuites(const std::string& endpoint, std::uint32_t limit,
                                                std::chrono::milliseconds t) {
  return typedCall(
      endpoint, [&](auto b) { b.setListSuites(limit); }, nullptr, t, decodeSuites);
}

Result<ApplySummary> requestApply(const std::string& endpoint, const ApplyArgs& args,
                                  const ProgressFn& progress, std::chrono::milliseconds t) {
  return typedCall(
      endpoint,
      [&](auto b) {
        auto r = b.initApply();
        r.setYaml(args.yaml);
        r.setFileName(args.fileName);
        r.setDryRun(args.dryRun);
        r.setVerify(args.verify);
      },
      progress, t, decodeApply);
}

Result<std::vector<std::int64_t>> requestCancel(const std::string& endpoint, std::int64_t runId,
                                                std::chrono::milliseconds t) {
  return typedCall(
      endpoint, [&](auto b) { b.initCancel().setRunId(runId); }, nullptr, t, decodeCancelled);
}

Result<RunSummary> requestImport(const std::string& endpoint, const nlohmann::json& document,
                                 std::chrono::milliseconds t) {
  return typedCall(
      endpoint, [&](auto b) { b.setImportRun(document.dump()); }, nullptr, t, decodeRun);
}

Status requestShutdown(const std::string& endpoint, std::chrono::milliseconds t) {
  return typedCall(
      endpoint, [](auto b) { b.setShutdown(); }, nullptr, t, decodeStopping);
}

Result<std::vector<RunSummary>> requestResults(const std::string& endpoint, std::uint32_t limit,
                                               std::int64_t runId, std::chrono::milliseconds t,
                                               bool rawOutput) {
  return typedCall(
      endpoint,
      [&](auto b) {
        auto q = b.initListResults();
        q.setLimit(limit);
        q.setRunId(runId);
        q.setWithoutRaw(!rawOutput);
      },
      nullptr, t, decodeRuns);
}

Result<RunSummary> requestRun(const std::string& endpoint, const RunArgs& args,
                              const ProgressFn& progress, std::chrono::milliseconds t) {
  return typedCall(
      endpoint,
      [&](auto b) {
        auto r = b.initRun();
        r.setBenchmark(args.benchmark);
        auto nodes = r.initNodes(static_cast<unsigned>(args.nodes.size()));
        for (unsigned i = 0; i < args.nodes.size(); ++i) nodes.set(i, args.nodes[i]);
        auto params = r.initParams(static_cast<unsigned>(args.params.size()));
        unsigned i = 0;
        for (const auto& [k, v] : args.params) {
          params[i].setKey(k);
          params[i].setValue(v);
          ++i;
        }
        r.setTimeoutMs(args.timeoutMs);
        auto labels = r.initLabels(static_cast<unsigned>(args.labels.size()));
        i = 0;
        for (const auto& [k, v] : args.labels) {
          labels[i].setKey(k);
          labels[i].setValue(v);
          ++i;
        }
      },
      progress, t, decodeRun);
}

}  // namespace cb::control

namespace cb::control {

Result<std::vector<KeySummary>> requestKeys(const std::string& endpoint, KeyAction action,
                                            const std::string& key, std::chrono::milliseconds t) {
  auto reply = exchange(
      endpoint,
      [&](auto b) {
        auto k = b.initKeys();
        switch (action) {
          case KeyAction::kList:
            k.setAction(ctl::KeysRequest::Action::LIST);
            break;
          case KeyAction::kAccept:
            k.setAction(ctl::KeysRequest::Action::ACCEPT);
            break;
          case KeyAction::kAcceptAllPending:
            k.setAction(ctl::KeysRequest::Action::ACCEPT_ALL_PENDING);
            break;
          case KeyAction::kReject:
            k.setAction(ctl::KeysRequest::Action::REJECT);
            break;
          case KeyAction::kDelete:
            k.setAction(ctl::KeysRequest::Action::DELETE);
            break;
        }
        k.setKey(key);
      },
      nullptr, t);
  if (!reply) return Error{reply.error()};
  return decodeKeys((*reply)->root<ctl::Reply>().getBody());
}

}  // namespace cb::control
