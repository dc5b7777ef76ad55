#pragma once
// GroupCommit: one store transaction per drained batch of agent messages, and the replies that
// must wait for it.
//
// Contract:
// - open() starts a batch (Store::beginBatch); close() commits it. Every store write between
//   them joins that one transaction, so a burst of results or registrations costs one fsync.
// - afterCommit(fn): fn runs once the writes made so far are durable: after close() commits,
//   or at once when no batch is open (writes outside a batch commit on their own). If the
//   commit fails, fn is dropped and every onRollback(fn) of that batch runs instead: nothing of a
//   failed batch is acknowledged, and its owners can undo what they believed stored.
// - A failing store is logged once per burst (the first failure with its cause, then one line
//   when commits work again) and counted on /metrics (Metrics::countStoreCommit).
// - If open() itself fails, writes commit one by one as before (afterCommit runs at once).
// Thread-safety: the controller loop only.
#include <functional>
#include <string>
#include <vector>

#include "metrics/metrics.hpp"
#include "store/store.hpp"

namespace cb::controller {

class GroupCommit {
 public:
  GroupCommit(store::Store& store, metrics::Metrics* metrics) : store_(store), metrics_(metrics) {}
  /// A batch still open (the loop stopped inside a drain) is rolled back: nothing of it was
  /// acknowledged.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  void open();
  /// Commits the open batch (no-op without one), then runs its afterCommit or onRollback work.
  void close();

  void afterCommit(std::function<void()> fn);
  void onRollback(std::function<void()> fn);

  /// A store write failed (inside a batch or not): logged with the burst rule above.
  void writeFailed(const std::string& what, const std::string& error);

  std::uint64_t commits() const { return commits_; }
  std::uint64_t failures() const { return failures_; }

 private:
  void recordOutcome(bool ok, const std::string& cause);

  store::Store& store_;
  metrics::Metrics* metrics_;
  bool open_ = false;
  std::vector<std::function<void()>> afterCommit_;
  std::vector<std::function<void()>> onRollback_;
  bool failing_ = false;  // the latest commit or write failed
  std::uint64_t failedInBurst_ = 0;
  std::uint64_t commits_ = 0;
  std::uint64_t failures_ = 0;
};

}  // namespace cb::controller
