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

class Benchmark {
 public:
  virtual ~Benchmark() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<ParamSpec> params() const = 0;
  virtual std::chrono::milliseconds defaultTimeout() const = 0;
  /// argv for validated, defaulted parameters.
  virtual std::vector<std::string> build(const Params& params) const = 0;
  /// Samples from the tool's stdout; an error names what was missing.
  virtual Result<Samples> parse(const std::string& output, const Params& params) const = 0;
};

/// Checks names and values against specs and fills defaults; the error names the parameter,
/// the value and what is allowed.
Result<Params> validateParams(const std::vector<ParamSpec>& specs, const Params& given);

}  // namespace cb::bench
