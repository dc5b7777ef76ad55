#pragma once
// The durable outbox: task results the controller has not acknowledged yet, keyed by task id.
// Each result is written to DIR/<taskId>.bin (mode 0600, atomically) through the injected
// Filesystem before it is handed out for sending, stays there until the controller's
// taskResultAck, and is found again by the next Outbox over the same directory (an agent
// restart). Entries are whole taskResult envelopes, sent as they are.
// Thread-safety: none; one owner (the session, on the loop thread).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "os/filesystem.hpp"
#include "util/result.hpp"

namespace cb::agent {

class Outbox {
 public:
  /// `dir` is an absolute path as the Filesystem sees it ("/var/lib/clusterbench-agent/outbox");
  /// empty = results are kept in memory only and do not survive a restart. `fs` must outlive
  /// the outbox.
  Outbox(os::Filesystem& fs, std::string dir);

  /// What load() found on disk.
  struct LoadReport {
    std::size_t loaded = 0;
    /// Unreadable entries, removed from disk: "file: why" (not an envelope, not a taskResult,
    /// or a taskResult of another task than its name says).
    std::vector<std::string> discarded;
    /// Entries that could not be read or removed; left on disk for the next load.
    std::vector<std::string> errors;
  };

  /// Adds the entries an earlier run left in the directory: regular files named
  /// `<task id>.bin` (isValidTaskId). Anything else (other names, temp files of an interrupted
  /// write, symlinks, directories) is left alone; symlinks are not followed. A missing
  /// directory is an empty outbox.
  LoadReport load();

  /// Keeps `envelope` as the result of `taskId`, replacing an earlier one. The file is written
  /// before this returns; the entry is kept in memory even when that fails (the error says
  /// why), so it is still sent while this process lives.
  Status add(const std::string& taskId, std::string envelope);

  /// The controller stored `taskId`'s result: forgets it and removes its file. Returns whether
  /// it was pending; an error when the file could not be removed (it is forgotten in memory
  /// regardless, and comes back after a restart). Unknown ids touch nothing.
  Result<bool> acknowledge(const std::string& taskId);

  /// Every result not yet acknowledged, task id -> envelope, in task-id order: what to re-send
  /// once the controller has welcomed this node again.
  const std::map<std::string, std::string>& pending() const { return entries_; }

 private:
  std::string fileOf(const std::string& taskId) const;

  os::Filesystem& fs_;
  std::string dir_;
  std::map<std::string, std::string> entries_;
};

}  // namespace cb::agent
