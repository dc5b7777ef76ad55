#pragma once
// Benchmark families: the report's sections, one comparison table each (as in the seeds' final
// comparison). Pure.
#include <string>

namespace cb::report {

/// The family of a catalog benchmark or phase name: "hpcc" (hpcc, hpcc-mpi), "stress-ng",
/// "sysbench", "iperf3", "iozone", "fio"; any other benchmark is its own family.
std::string familyOf(const std::string& benchmark);

/// Sort key of a family: the seeds' order (hpcc, stress-ng, sysbench, iperf3, iozone, fio), then
/// other families by name.
int familyRank(const std::string& family);

/// Section title, e.g. "HPCC", "iperf3 (network)".
std::string familyTitle(const std::string& family);

/// True for families whose figures depend on the node (network pairs): their rows are kept per
/// node instead of pooling the nodes of a group.
bool familyIsPerNode(const std::string& family);

}  // namespace cb::report
