#pragma once
// The one command a node may have another node's agent run (DESIGN §3, §5): the orted launch
// Open MPI's rsh launcher writes when mpirun runs with plm_rsh_no_tree_spawn, as hpcc-mpi does
// (tests/data/mpi holds real ones). The controller checks it before relaying a launch and the
// target agent checks it again before running anything. Pure.
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::bench {

/// The only program run: `orted`, looked up by the agent in its fixed system path, never a path
/// from the request.
inline constexpr const char* kOrtedProgram = "orted";

/// The MCA keys the rsh launcher passes to orted (without tree spawn): the keys of its own launch
/// plus the ones hpcc-mpi sets on mpirun's command line, which mpirun forwards.
const std::vector<std::string>& allowedOrtedMcaKeys();

/// Ok when `argv` (the launch already split into words, never through a shell) is
///   orted [--daemonize] (-mca|--mca KEY VALUE)...
/// with every KEY on allowedOrtedMcaKeys() and given once, and with orte_hnp_uri present and
/// pointing at the job's master: every tcp:// and tcp6:// contact in it lists only addresses
/// from `masterAddresses` ("198.18.0.2", "198.18.0.2/24", "fd00::2/64") and a port.
/// Otherwise the error names the word that failed and why.
Status checkOrtedCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& masterAddresses);

/// The command the agent runs for a checked launch: `argv` without `--daemonize`. A daemonized
/// orted forks, leaves the agent's process group in a new session and outlives its spawn, so
/// neither a cancel nor the process-group ledger would reach it or its ranks. Kept attached,
/// it is the spawn's process for the whole job, as under mpirun's --leave-session-attached
/// (mpirun waits for the launch to end only at the job's end, when it tells orted to exit).
std::vector<std::string> attachedOrtedArgv(const std::vector<std::string>& argv);

/// The orte_hnp_uri value check on its own ("832765952.0;tcp://198.18.0.2:51427").
Status checkHnpUri(const std::string& uri, const std::vector<std::string>& masterAddresses);

}  // namespace cb::bench
