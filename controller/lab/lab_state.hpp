#pragma once
// lab.json: the journal of what a lab has created, so `lab down` removes exactly what exists,
// even after a `lab up` that crashed half-way. Contract: an object is recorded before the
// command creating it runs, and unrecorded only when that command failed or the object was
// removed; a recorded object may therefore be absent, never present-but-unrecorded (except a
// process between fork and its pid being saved).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

namespace cb::lab {

struct NodeRecord {
  std::string hostname;
  std::string address;
  std::string netns;     // recorded namespace; empty = none created
  std::string hostVeth;  // recorded host veth end; empty = none created
  std::filesystem::path dir;
  std::filesystem::path agentStateDir;
  int pid = 0;         // agent process (session leader); 0 = not running
  std::string nodeId;  // from <agentStateDir>/node-id once the agent wrote it
};

struct LabState {
  std::string provider;  // "netns" | "loopback"
  std::string prefix;
  std::string subnet;           // canonical CIDR; the lab's own addresses are inside it
  std::string bridge;           // recorded bridge; empty = none created
  std::string controlEndpoint;  // control socket of the controller the lab uses
  std::string agentEndpoint;    // what agents dial
  bool controllerStartedByLab = false;
  int controllerPid = 0;  // only when started by the lab
  bool complete = false;  // every node was ready at the end of `lab up`
  std::vector<NodeRecord> nodes;
};

nlohmann::json toJson(const LabState& state);
/// Errors name the offending field.
Result<LabState> labStateFromJson(const nlohmann::json& j);

/// nullopt when the file does not exist; an error when it exists but cannot be read or parsed.
Result<std::optional<LabState>> loadLabState(const std::filesystem::path& file);

/// The in-memory state and its file, rewritten atomically on every update.
/// Thread-safety: none; one owner.
class LabJournal {
 public:
  LabJournal(std::filesystem::path file, LabState state)
      : file_(std::move(file)), state_(std::move(state)) {}

  const LabState& state() const { return state_; }
  const std::filesystem::path& file() const { return file_; }
  /// Applies `change` and writes the file (cb::os::writeFileAtomic) before returning.
  Status update(const std::function<void(LabState&)>& change);

 private:
  std::filesystem::path file_;
  LabState state_;
};

}  // namespace cb::lab
