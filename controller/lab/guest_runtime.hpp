#pragma once
// Containers and VMs as lab nodes (providers nspawn, podman, qemu; docs/LAB.md): what a provider
// does beyond the bridge and namespaces the lab builds for every provider. Journal contract as in
// lab_state.hpp: each object is recorded before the command creating it runs and unrecorded
// once removed, so `lab down` removes exactly what exists.
#include <memory>
#include <string>
#include <vector>

#include "lab/lab.hpp"

namespace cb::lab {

/// Thread-safety: none; one owner. Never touches objects the journal does not name.
class GuestRuntime {
 public:
  virtual ~GuestRuntime() = default;

  /// Before anything is created: tools present, image built, names free. Creates nothing.
  virtual Status check(const LabPlan& plan) = 0;
  /// Objects shared by all nodes (the podman image, the VM namespace), recorded in the journal.
  virtual Status prepare(const LabPlan& plan, LabJournal& journal) = 0;
  /// Starts node i (its network exists): its agent dials `dial` and pins `controllerKey` (Z85).
  virtual Status start(const LabPlan& plan, std::size_t i, const std::string& dial,
                       const std::string& controllerKey, LabJournal& journal) = 0;
  /// True while node i's container or VM runs.
  virtual bool running(const LabState& state, std::size_t i) = 0;
  /// Why node i is not running, with the end of its console log (for errors).
  virtual std::string whyNotRunning(const LabState& state, std::size_t i) = 0;
  /// Stops and removes node i's container or VM, mounts included; absent objects are fine.
  virtual Status remove(LabJournal& journal, std::size_t i) = 0;
  /// Removes what prepare() recorded and is not meant to be kept (the podman image is kept).
  virtual Status removeShared(LabJournal& journal) = 0;
  /// What still exists on the host of this lab's guests (for the check after a teardown).
  virtual std::vector<std::string> leftovers(const LabState& state) = 0;
};

/// True for "nspawn", "podman" and "qemu" (a lab.json provider field).
bool isGuestProvider(const std::string& provider);

/// The runtime of a guest provider ("nspawn", "podman", "qemu"); nullptr for the others.
std::unique_ptr<GuestRuntime> makeGuestRuntime(const std::string& provider, const LabEnv& env);

/// Removes every guest (first) and the shared objects (after) of a lab, collecting failures.
/// No-op for non-guest providers.
std::vector<std::string> removeGuests(LabJournal& journal, const LabEnv& env);
std::vector<std::string> removeGuestShared(LabJournal& journal, const LabEnv& env);

/// True while node i runs: its guest for guest providers, else the agent process.
bool nodeRunning(const LabState& state, std::size_t i, const LabEnv& env);

}  // namespace cb::lab
