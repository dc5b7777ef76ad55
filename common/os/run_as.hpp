#pragma once
// Who a child process runs as. Resolved in the parent from the password and group databases
// (initgroups' lookup, done before fork): the child only calls setgroups, setgid and setuid, which
// are safe between fork and exec.
#include <string>
#include <vector>

#include "os/process_runner.hpp"
#include "util/result.hpp"

namespace cb::os {

struct RunAs {
  std::string name;
  int uid = -1;  // -1: no change (the child stays who the parent is)
  int gid = -1;
  std::vector<int> groups;  // supplementary groups, the primary one included
  std::string home;
};

/// The user `name` with its groups, or an error naming it.
Result<RunAs> lookupRunAs(const std::string& name);

/// Sets spec.uid, gid and groups so that the child drops to `who` (nothing when who.uid < 0).
void applyRunAs(ProcessSpec& spec, const RunAs& who);

/// `program` (a bare name) in kMinimalPath's directories as an absolute path of an executable
/// regular file; empty when none is.
std::string findInSystemPath(const std::string& program);

}  // namespace cb::os
