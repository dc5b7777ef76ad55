#pragma once
// Runs VBoxManage steps in order through an injected CommandRunner (os::runSync in main).
#include <functional>
#include <string>
#include <vector>

#include "os/process_runner.hpp"
#include "util/result.hpp"
#include "vbox/vbox_plan.hpp"

namespace cb::vbox {

using CommandRunner = std::function<os::ProcessExit(const Argv& argv)>;

/// Runs each step, announcing it through `say` (may be empty) first. Stops at the first failed
/// step that may not fail; the error names the command line, its exit status and its stderr.
/// A missing VBoxManage is reported as such.
Status runSteps(const std::vector<Step>& steps, const CommandRunner& run,
                const std::function<void(const std::string&)>& say);

}  // namespace cb::vbox
