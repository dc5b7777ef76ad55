#pragma once
// The controller a lab talks to: the one already answering on the state dir's control socket,
// or one the lab starts detached (and later stops; a controller it did not start is never
// stopped by the lab).
#include <chrono>
#include <string>

#include "lab/lab.hpp"

namespace cb::lab {

/// Makes sure a controller reachable by the lab's nodes answers on plan.controlEndpoint, starting
/// one (recorded in the journal with its pid before it is waited for) when none does, and checks
/// STATE_DIR/controller.pub. Returns the endpoint agents dial. Errors name the command and quote
/// the end of controller.log.
Result<std::string> ensureController(const LabPlan& plan, LabJournal& journal,
                                     std::chrono::steady_clock::time_point deadline,
                                     const LabEnv& env);

/// Before anything is created: fails when a controller answers on plan.controlEndpoint but the
/// lab's nodes could not reach it or its key is not STATE_DIR/controller.pub. Ok when none answers.
Status checkExistingController(const LabPlan& plan);

/// When the lab started the controller: asks it to shut down, then signals it; clears the pid.
Status stopLabController(LabJournal& journal, const LabEnv& env);

/// "tcp://host:port" -> port; 0 when the endpoint has no numeric port.
int endpointPort(const std::string& endpoint);

}  // namespace cb::lab
