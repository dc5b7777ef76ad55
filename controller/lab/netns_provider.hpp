#pragma once
// The netns provider's side effects: bridge, namespaces and veth pairs through `ip` commands.
// Every command runs as argv through the injected CommandRunner (cb::os::runSync in main);
// errors name the command line, its exit status and its stderr.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "lab/lab_plan.hpp"
#include "os/process_runner.hpp"
#include "util/result.hpp"

namespace cb::lab {

using CommandRunner = std::function<os::ProcessExit(const Argv& argv)>;

/// What exists on the host right now, as far as the lab cares.
struct HostNetwork {
  std::set<std::string> namespaces;
  std::set<std::string> links;
};

/// Thread-safety: none; one owner. Never touches objects not named by the caller.
class NetnsProvider {
 public:
  explicit NetnsProvider(CommandRunner run) : run_(std::move(run)) {}

  /// Runs one command; error "`ip …` failed (exit N): <stderr>".
  Status run(const Argv& argv) const;
  /// Runs commands in order, stopping at the first failure.
  Status runAll(const std::vector<Argv>& commands) const;

  Result<HostNetwork> snapshot() const;

  /// Fails, naming the conflict, when a planned name exists or an address of the host is inside
  /// the plan's subnet. Creates nothing.
  Status checkFree(const LabPlan& plan) const;

  /// Deletes a link / namespace when it exists; absent objects are fine, also a link that is
  /// gone by the time the delete fails (a veth whose peer namespace was just deleted).
  Status deleteLinkIfPresent(const std::string& link, const HostNetwork& now) const;
  Status deleteNetnsIfPresent(const std::string& netns, const HostNetwork& now) const;

 private:
  Result<std::string> output(const Argv& argv) const;

  CommandRunner run_;
};

}  // namespace cb::lab
