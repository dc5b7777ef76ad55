#pragma once
// Benchmark suites: a YAML file naming steps (a catalogued benchmark or an orchestrated phase,
// its parameters, where and how often it runs), parsed and fully validated before anything runs.
//
// Format (every field below; any other key is an error):
//   name: quick                  # required, [a-z0-9-]{1,64}
//   description: free text       # optional
//   defaults:                    # optional; every step inherits what it does not set itself
//     repetitions: 3             #   1..100                 (built-in default 3, DESIGN §6)
//     timeout: 120               #   seconds per task, 1..86400 (built-in: the benchmark's own)
//     nodes: all                 #   all | master | workers | [host, ...]   (built-in: all)
//     mode: parallel             #   parallel | serial (node by node)       (built-in: parallel)
//     adaptive:                  #   optional: add repetitions while results are unstable
//       max_rsd: 0.03            #     relative stddev limit, (0, 1]          (default 0.03)
//       max_runs: 10             #     cap on repetitions, repetitions..100   (default 10, and
//                                #     never below repetitions)
//       max_seconds: 600         #     cap on the step's wall time, 1..604800 (default 600)
//       metrics: [events_per_second]  # the metrics judged (default: every metric)
//   steps:                       # required, at least one
//     - name: cpu                # required, [a-z0-9-]{1,64}, unique in the suite
//       benchmark: sysbench-cpu  # an orchestrated phase (orchestratedPhases()) or a catalog name
//       params: {threads: 2}     # checked against the benchmark's ParamSpecs, defaults filled
//       repetitions / timeout / nodes / mode / adaptive as in defaults
//       references:              # optional expected values (ReFrame style), per environment
//         - {metric: events_per_second, environment: container, value: 3000,
//            lower: -0.10, upper: 0.10, unit: events/s}
//
// `adaptive` is a map (its fields override the defaults' adaptive fields one by one and turn it
// on), `true` (on, with every default) or `false` (off, e.g. for a step under adaptive defaults).
// A reference needs `metric` (non-empty) and `value` (finite); `environment` is vm, container,
// bare, mixed or * (any; the default); `lower` <= 0 <= `upper` are fractions of the value
// (omitted or null: unbounded); `unit` is free text. One reference per (metric, environment) in a
// step.
//
// Parameter values may be YAML integers or strings; plain integers (decimal, 0x hex, 0o octal)
// become their decimal text, everything else is passed on as written. A step's timeout must
// exceed its run time (a `time` or `runtime` parameter) when it has one.
//
// Errors: all problems found are reported, one per line in document order, each as
// `<file>:<line>: <field>: <message>` with 1-based lines and fields written as paths
// (`steps[2].params.threads`). A YAML syntax error is reported alone (nothing else can be read).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/benchmark.hpp"
#include "bench/catalog.hpp"
#include "util/result.hpp"

namespace cb::spec {

enum class NodeSelector { kAll, kMaster, kWorkers, kList };

/// Adaptive repetitions (DESIGN §6): past the minimum, keep adding repetitions while a series of
/// values is unstable, within both caps.
struct AdaptiveRepetitions {
  double maxRsd = 0.03;  // (0, 1]
  int maxRuns = 10;      // repetitions..100
  int maxSeconds = 600;  // 1..604800
  /// Metrics whose series are judged, no duplicates; empty = every metric. Extremes such as
  /// latency_max vary by tens of percent from run to run and would always reach a cap.
  std::vector<std::string> metrics;
};

/// An expected value of one metric in one environment; bounds are fractions of `value`.
struct PerformanceReference {
  std::string metric;
  std::string environment = "*";  // vm | container | bare | mixed | * (any)
  double value = 0;
  std::optional<double> lower;  // <= 0; nullopt = unbounded
  std::optional<double> upper;  // >= 0; nullopt = unbounded
  std::string unit;             // "" when not given
  int line = 0;                 // 1-based line of the reference in the suite file
};

struct SuiteStep {
  std::string name;
  std::string benchmark;  // catalog name or orchestrated phase name
  bench::Params params;   // validated against the specs, every default filled in
  NodeSelector selector = NodeSelector::kAll;
  std::vector<std::string> nodes;  // host names, only for NodeSelector::kList (no duplicates)
  bool serial = false;             // true: one node at a time; false: all selected nodes at once
  int repetitions = 3;             // 1..100, the minimum when adaptive
  std::optional<AdaptiveRepetitions> adaptive;   // nullopt: exactly `repetitions`
  std::vector<PerformanceReference> references;  // in file order
  int timeoutSeconds = 0;                        // per task, 1..86400
  int line = 0;                                  // 1-based line of the step in the suite file
  bool orchestrated = false;                     // true: `benchmark` names an orchestrated phase
};

struct Suite {
  std::string name;
  std::string description;
  std::string file;  // the file name given to the parser, as used in its messages
  std::vector<SuiteStep> steps;
};

/// Parameter specs of each orchestrated phase, by phase name.
using PhaseSpecs = std::map<std::string, std::vector<bench::ParamSpec>>;

/// The multi-node phases the orchestrator runs itself (not catalog entries; DESIGN §5):
///  - iperf3: server on the master, clients on the selected nodes, one direction per task.
///      parallel        1..128, default 2     streams per client (-P)
///      time            1..600, default 30    seconds per direction (-t; iperf3-client's limit)
///      port     1024..65535, default 5201    server port
///      directions  both|upload|download, default both (download = -R)
///  - hpcc-mpi: one `mpirun ... hpcc` from the master across the selected nodes.
///      n         0..1000000, default 0       HPL N; 0 = automatic (hpcc's n=0 rule)
///      nb           1..4096, default 80      HPL block size NB
///      p, q         0..4096, default 0       process grid; 0 = squarest grid for the job
///      slots-per-node 0..1024, default 0     MPI processes per node; 0 = the node's CPU count
PhaseSpecs orchestratedPhases();

/// Timeout per task of an orchestrated phase when neither the step nor the suite sets one:
/// iperf3 720 s (as iperf3-client), hpcc-mpi 1800 s (as hpcc), any other phase 3600 s.
int phaseDefaultTimeoutSeconds(const std::string& phase);

/// Parses and validates suite text; `fileName` only labels messages and Suite::file. Phases are
/// looked up before the catalog (a phase name shadows a catalog entry of the same name).
Result<Suite> parseSuite(const std::string& yamlText, const std::string& fileName,
                         const bench::Catalog& catalog, const PhaseSpecs& phases);
/// parseSuite() with orchestratedPhases().
Result<Suite> parseSuite(const std::string& yamlText, const std::string& fileName,
                         const bench::Catalog& catalog);

/// References as stored with each run of their step: a JSON array of objects with "metric",
/// "environment", "value", "lower", "upper" (null when unbounded) and "unit", in file order.
std::string referencesJson(const std::vector<PerformanceReference>& references);

/// Reads `file` (its only I/O) and parses it, messages naming the path as given.
Result<Suite> loadSuite(const std::filesystem::path& file, const bench::Catalog& catalog);

}  // namespace cb::spec
