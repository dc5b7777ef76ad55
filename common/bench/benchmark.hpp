#pragma once
// One catalogued benchmark: declared parameters, a pure command builder and a pure parser.
// Contract: build() only ever sees parameters that validate() accepted, and returns argv (no
// shell); parse() never throws and never touches the system.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::bench {

using Params = std::map<std::string, std::string>;

/// Declared parameter: an integer in [min, max], one of a fixed set of words, or a free-form
/// value of a validated kind. Defaults must themselves validate (validated parameters are
/// validated again downstream).
struct ParamSpec {
  std::string name;
  std::string help;
  std::string defaultValue;
  std::int64_t min = 0;  // integer parameters
  std::int64_t max = 0;
  std::vector<std::string> choices;  // non-empty: a word parameter
  std::string kind;                  // non-empty (and no choices): kParamKindAddress
};

/// Parameter kind: an IPv4 dotted quad or an RFC 1123 host name (net::checkHostOrIpv4()); such a
/// value is one argv word that cannot start with '-'.
inline constexpr const char* kParamKindAddress = "address";
/// Parameter kind: comma-separated "address:slots" (slots 1..1024), e.g.
/// "198.18.0.2:2,198.18.0.3:2".
inline constexpr const char* kParamKindHostSlots = "host-slots";
/// Parameter kind: an IPv4 network "a.b.c.d/len" without host bits (net::parseCidr()).
inline constexpr const char* kParamKindCidr = "cidr";
/// Parameter kind: an opaque token of 8..64 characters [a-z0-9].
inline constexpr const char* kParamKindToken = "token";

/// Checks `value` against a kind; the error says what the value should look like.
Status checkKind(const std::string& kind, const std::string& value);

/// One command of an invocation.
struct Command {
  std::vector<std::string> argv;
  bool output = true;   // this step's stdout is (part of) what parse() receives
  bool always = false;  // runs even after an earlier step failed (cleanup)
};

/// Everything the agent needs to run a benchmark once. The agent runs the steps in order in a
/// fresh scratch directory (removed afterwards), stops at the first failing step (then runs only
/// `always` steps), and passes parse() the concatenated stdout of `output` steps, or the content
/// of `outputFile` when that is set.
struct Invocation {
  std::vector<Command> steps;
  std::map<std::string, std::string> files;  // written into the scratch dir first (name -> text)
  std::string outputFile;                    // relative to the scratch dir; empty = stdout
  bool needsRoot = false;                    // false: children drop to an unprivileged user
  /// MPI (mpirun, and through it the ranks and remote orted): children run as the node's MPI
  /// user, never as root, in a scratch dir that user owns.
  bool mpiUser = false;
  /// Non-empty: an MPI launch of the controller's job with this token. The agent exports it as
  /// CB_MPI_JOB (plus CB_AGENT_SPAWN, its spawn socket) and replaces the argv word
  /// kMpiRshPlaceholder with the path of its launch helper (clusterbench-mpi-rsh).
  std::string mpiJob;
};

inline constexpr const char* kMpiRshPlaceholder = "@CLUSTERBENCH_MPI_RSH@";

class Benchmark {
 public:
  virtual ~Benchmark() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<ParamSpec> params() const = 0;
  virtual std::chrono::milliseconds defaultTimeout() const = 0;
  /// argv for validated, defaulted parameters (single-command benchmarks).
  virtual std::vector<std::string> build(const Params& params) const = 0;
  /// The full invocation; the default is the one command from build().
  virtual Invocation invocation(const Params& params) const {
    return Invocation{{Command{build(params)}}, {}, {}, false};
  }
  /// True when `output` looks like this benchmark's output (for `clusterbench parse` without
  /// --tool). Must be cheap and must not accept another tool's output.
  virtual bool recognizes(const std::string& output) const {
    (void)output;
    return false;
  }
  /// Samples from the tool's stdout; an error names what was missing.
  virtual Result<Samples> parse(const std::string& output, const Params& params) const = 0;
};

/// Checks names and values against specs and fills defaults; the error names the parameter,
/// the value and what is allowed.
Result<Params> validateParams(const std::vector<ParamSpec>& specs, const Params& given);

}  // namespace cb::bench
