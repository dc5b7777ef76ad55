#include "daemon/group_commit.hpp"

#include "daemon/daemon_log.hpp"

namespace cb::controller {

GroupCommit::~GroupCommit() {
  if (open_) store_.abortBatch();
}

void GroupCommit::open() {
  if (open_) return;
  if (auto s = store_.beginBatch(); !s) {
    writeFailed("beginning a batch", s.error());
    return;
  }
  open_ = true;
}

void GroupCommit::close() {
  if (!open_) return;
  open_ = false;
  auto s = store_.endBatch();
  auto done = std::move(afterCommit_);
  auto undo = std::move(onRollback_);
  afterCommit_.clear();
  onRollback_.clear();
  if (s) {
    ++commits_;
    recordOutcome(true, "");
    for (auto& fn : done) fn();
    return;
  }
  ++failures_;
  recordOutcome(false, s.error() + " (" + std::to_string(done.size()) +
                           " acknowledgements withheld; the agents send again)");
  for (auto& fn : undo) fn();
}

void GroupCommit::afterCommit(std::function<void()> fn) {
  if (!open_) {
    fn();
    return;
  }
  afterCommit_.push_back(std::move(fn));
}

void GroupCommit::onRollback(std::function<void()> fn) {
  if (open_) onRollback_.push_back(std::move(fn));
}

void GroupCommit::writeFailed(const std::string& what, const std::string& error) {
  recordOutcome(false, what + ": " + error);
}

void GroupCommit::recordOutcome(bool ok, const std::string& cause) {
  if (metrics_) metrics_->countStoreCommit(ok);
  if (ok) {
    if (failing_) {
      daemonLog()->info("results store: writes work again after {} failures", failedInBurst_);
    }
    failing_ = false;
    failedInBurst_ = 0;
    return;
  }
  ++failedInBurst_;
  if (!failing_) {
    daemonLog()->error(
        "results store: {} (further failures are counted on /metrics, "
        "clusterbench_store_write_failures_total, until writes work again)",
        cause);
  }
  failing_ = true;
}

}  // namespace cb::controller
