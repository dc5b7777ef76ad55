#include "session/wire_convert.hpp"

#include "wire/envelope.hpp"
#include "wire/sample_codec.hpp"

namespace cb::agent {
namespace {

template <typename Builder>
void writeTextList(const std::vector<std::string>& items, Builder list) {
  for (unsigned i = 0; i < items.size(); ++i) list.set(i, items[i]);
}

proto::TaskResult::Status toWire(TaskStatus s) {
  switch (s) {
    case TaskStatus::kSucceeded:
      return proto::TaskResult::Status::SUCCEEDED;
    case TaskStatus::kFailed:
      return proto::TaskResult::Status::FAILED;
    case TaskStatus::kTimedOut:
      return proto::TaskResult::Status::TIMED_OUT;
    case TaskStatus::kCancelled:
      return proto::TaskResult::Status::CANCELLED;
    case TaskStatus::kRefused:
      return proto::TaskResult::Status::REFUSED;
  }
  return proto::TaskResult::Status::FAILED;
}

/// The wire's name of an environment (schemas/protocol.capnp VirtKind: NONE is bare).
proto::VirtKind toVirtKind(labels::Environment e) {
  switch (e) {
    case labels::Environment::kVm:
      return proto::VirtKind::VM;
    case labels::Environment::kContainer:
      return proto::VirtKind::CONTAINER;
    case labels::Environment::kBare:
      return proto::VirtKind::NONE;
  }
  return proto::VirtKind::NONE;
}

}  // namespace

void writeFacts(const Facts& f, proto::NodeFacts::Builder out) {
  out.setHostname(f.hostname);
  writeTextList(f.addresses, out.initAddresses(static_cast<unsigned>(f.addresses.size())));
  out.setCpuCount(f.cpuCount);
  out.setCpuModel(f.cpuModel);
  out.setMemoryBytes(f.memoryBytes);
  out.setKernel(f.kernel);
  out.setVirtKind(toVirtKind(f.virt.environment));
  out.setVirtTech(f.virt.tech);
  out.setOs(f.os);
  writeTextList(f.macs, out.initMacs(static_cast<unsigned>(f.macs.size())));
  writeTextList(f.interfaces, out.initInterfaces(static_cast<unsigned>(f.interfaces.size())));
}

TaskRequest readTaskRequest(proto::RunTask::Reader in) {
  TaskRequest r;
  r.taskId = in.getTaskId();
  r.benchmark = in.getBenchmark();
  for (auto p : in.getParams()) r.params[p.getName()] = p.getValue();
  r.timeoutMs = in.getTimeoutMs();
  return r;
}

std::string encodeOutcome(const TaskOutcome& o) {
  return wire::buildEnvelope(0, [&](proto::Envelope::Body::Builder body) {
    auto r = body.initTaskResult();
    r.setTaskId(o.taskId);
    r.setStatus(toWire(o.status));
    r.setExitCode(o.exitCode);
    r.setWallSeconds(o.wallSeconds);
    auto ru = r.initRusage();
    ru.setUserSeconds(o.userSeconds);
    ru.setSystemSeconds(o.systemSeconds);
    ru.setMaxRssKb(o.maxRssKb);
    wire::writeSamples(o.samples, r.initSamples(static_cast<unsigned>(o.samples.size())));
    r.setRawOutput(o.rawOutput);
    r.setRawStderr(o.rawStderr);
    r.setMessage(o.message);
    writeTextList(o.command, r.initCommand(static_cast<unsigned>(o.command.size())));
  });
}

}  // namespace cb::agent
