#include "session/outbox.hpp"

#include <filesystem>
#include <system_error>
#include <utility>

#include <kj/exception.h>

#include "tasks/task_types.hpp"
#include "wire/envelope.hpp"

namespace cb::agent {
namespace {

constexpr std::string_view kSuffix = ".bin";

/// Why `bytes` is not the taskResult envelope of `taskId`; empty when it is.
std::string whyNotResultOf(const std::string& taskId, const std::string& bytes) {
  auto in = wire::readEnvelope(bytes);
  if (!in) return in.error();
  try {
    auto body = in->envelope.getBody();
    if (body.which() != proto::Envelope::Body::TASK_RESULT) {
      return "a " + wire::bodyKindName(body.which()) + " message, not a taskResult";
    }
    std::string inside = body.getTaskResult().getTaskId();
    if (inside != taskId) return "the result of task " + inside;
  } catch (const kj::Exception& e) {
    return std::string("malformed taskResult: ") + e.getDescription().cStr();
  }
  return {};
}

}  // namespace

Outbox::Outbox(os::Filesystem& fs, std::string dir) : fs_(fs), dir_(std::move(dir)) {}

std::string Outbox::fileOf(const std::string& taskId) const {
  return dir_ + "/" + taskId + std::string(kSuffix);
}

Outbox::LoadReport Outbox::load() {
  LoadReport report;
  if (dir_.empty()) return report;
  auto names = fs_.listRegularFiles(dir_);
  if (!names) {
    report.errors.push_back(names.error());
    return report;
  }
  for (const auto& name : *names) {
    if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) continue;
    std::string taskId = name.substr(0, name.size() - kSuffix.size());
    if (!isValidTaskId(taskId)) continue;
    const std::string path = fileOf(taskId);
    auto bytes = fs_.read(path);
    if (!bytes) {
      report.errors.push_back(bytes.error());
      continue;
    }
    if (!bytes->has_value()) continue;  // removed since the listing
    if (auto why = whyNotResultOf(taskId, **bytes); !why.empty()) {
      if (auto s = fs_.remove(path); !s) {
        report.errors.push_back(s.error());
      } else {
        report.discarded.push_back(fs_.hostPath(path).string() + ": " + why);
      }
      continue;
    }
    entries_[taskId] = std::move(**bytes);
    ++report.loaded;
  }
  return report;
}

Status Outbox::add(const std::string& taskId, std::string envelope) {
  auto& kept = entries_[taskId];
  kept = std::move(envelope);
  if (dir_.empty()) return okStatus();
  if (!isValidTaskId(taskId)) {
    return fail("task id '" + taskId + "' cannot name an outbox file; kept in memory only");
  }
  return fs_.write(fileOf(taskId), kept, 0600);
}

Result<bool> Outbox::acknowledge(const std::string& taskId) {
  if (entries_.erase(taskId) == 0) return false;
  if (dir_.empty() || !isValidTaskId(taskId)) return true;
  if (auto s = fs_.remove(fileOf(taskId)); !s) return fail(s.error());
  return true;
}

}  // namespace cb::agent
