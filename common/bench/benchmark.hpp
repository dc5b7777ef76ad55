#pragma once
// One catalogued benchmark: declared parameters, a pure command builder and a pure parser.
// Contract: build() only ever sees parameters that validate() accepted, and returns argv (no
// shell); parse() never throws and never touches the system.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::bench {

using Params = std::map<std::string, std::string>;

/// Declared parameter: an integer in [min, max] or one of a fixed set of words.
struct ParamSpec {
  std::string name;
  std::string help;
  std::string defaultValue;
  std::int64_t min = 0;                 // integer parameters
  std::int64_t max = 0;
  std::vector<std::string> choices;     // non-empty: a word parameter
};

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
};

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
