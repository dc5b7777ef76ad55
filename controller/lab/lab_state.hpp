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
  int pid = 0;                  // agent process (session leader); 0 = not running. Guests: the
                                // systemd-nspawn or QEMU process; 0 for podman (podman owns it)
  std::string nodeId;           // from <agentStateDir>/node-id once the agent wrote it
  std::string guest;            // recorded container / VM name (podman, nspawn, qemu); empty = none
  std::filesystem::path mount;  // recorded overlay mount point (nspawn); empty = none
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
  /// Only when started by the lab: its argv, so that `lab up` can start it again the same way
  /// (same state dir, endpoints, keys and options) after it died. Empty in older files.
  std::vector<std::string> controllerArgv;
  bool complete = false;   // every node was ready at the end of `lab up`
  std::string image;       // guests: the template image dir (podman: also imageRef)
  std::string imageRef;    // podman: the imported image, localhost/clusterbench-node:<key>
  std::string accel;       // qemu: "kvm" | "tcg", as chosen by `lab up`
  std::string diskFormat;  // qemu: "raw" | "qcow2" (qemu_disk.hpp)
  std::string diskCache;   // qemu: the -drive cache mode
  std::string vmNetns;     // qemu: recorded namespace holding the VM bridge; empty = none
  std::string vmVeth;      // qemu: recorded host end of the uplink veth; empty = none
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
