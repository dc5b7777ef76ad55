#include "config/config_service.hpp"

#include <spdlog/spdlog.h>

#include "util/asio.hpp"

#include "config/command_runner.hpp"
#include "config/config_engine.hpp"
#include "os/filesystem.hpp"
#include "schemas/protocol.capnp.h"
#include "wire/envelope.hpp"

namespace cb::agent::config {

namespace {

proto::ApplyStep::Outcome toWire(StepReport::Outcome o) {
  switch (o) {
    case StepReport::kUnchanged:
      return proto::ApplyStep::Outcome::UNCHANGED;
    case StepReport::kChanged:
      return proto::ApplyStep::Outcome::CHANGED;
    case StepReport::kFailed:
      return proto::ApplyStep::Outcome::FAILED;
    case StepReport::kSkipped:
      return proto::ApplyStep::Outcome::SKIPPED;
  }
  return proto::ApplyStep::Outcome::FAILED;
}

std::string encodeReport(const std::string& applyId, bool dryRun,
                         const std::vector<StepReport>& steps, const std::string& error) {
  return wire::buildEnvelope(0, [&](proto::Envelope::Body::Builder b) {
    auto r = b.initApplyReport();
    r.setApplyId(applyId);
    r.setDryRun(dryRun);
    r.setError(error);
    auto list = r.initSteps(static_cast<unsigned>(steps.size()));
    for (unsigned i = 0; i < steps.size(); ++i) {
      list[i].setApplier(steps[i].applier);
      list[i].setOutcome(toWire(steps[i].outcome));
      list[i].setDiff(steps[i].diff);
      auto cmds = list[i].initCommands(static_cast<unsigned>(steps[i].commands.size()));
      for (unsigned c = 0; c < steps[i].commands.size(); ++c) cmds.set(c, steps[i].commands[c]);
      list[i].setMessage(steps[i].message);
    }
  });
}

}  // namespace

ConfigService::ConfigService(boost::asio::io_context& io, ConfigServiceOptions options)
    : io_(io), options_(std::move(options)), worker_([this] { work(); }) {}

ConfigService::~ConfigService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  worker_.join();
}

void ConfigService::submit(std::string applyId, bool dryRun, spec::NodeConfig config,
                           ReplyFn reply) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Job{std::move(applyId), dryRun, std::move(config), std::move(reply)});
  }
  wake_.notify_one();
}

void ConfigService::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    std::string envelope;
    try {
      envelope = runJob(job);
    } catch (const std::exception& e) {
      envelope =
          encodeReport(job.applyId, job.dryRun, {}, std::string("internal error: ") + e.what());
    }
    boost::asio::post(io_, [reply = job.reply, envelope] { reply(envelope); });
  }
}

std::string ConfigService::runJob(const Job& job) {
  if (auto valid = spec::validateNodeConfig(job.config); !valid) {
    spdlog::warn("configuration {} refused: {}", job.applyId, valid.error());
    return encodeReport(job.applyId, job.dryRun, {}, "invalid configuration:\n" + valid.error());
  }
  auto fs = os::makeRootedFilesystem(options_.root);
  auto runner = makeSystemCommandRunner();
  ConfigEnv env{*fs, *runner, ConfigOptions{}};
  env.options.runServices = options_.runServices;
  auto steps = applyNodeConfig(job.config, job.dryRun, env);
  return encodeReport(job.applyId, job.dryRun, steps, "");
}

}  // namespace cb::agent::config
