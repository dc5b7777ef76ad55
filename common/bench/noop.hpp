#pragma once
// "noop": runs /bin/true and reports one sample; measures the control plane, not the node.
#include "bench/benchmark.hpp"

namespace cb::bench {

class Noop : public Benchmark {
 public:
  std::string name() const override { return "noop"; }
  std::string description() const override { return "runs true(1); control-plane round trips"; }
  std::vector<ParamSpec> params() const override { return {}; }
  std::chrono::milliseconds defaultTimeout() const override { return std::chrono::seconds(10); }
  std::vector<std::string> build(const Params&) const override { return {"true"}; }
  Result<Samples> parse(const std::string&, const Params&) const override {
    return Samples{Sample{"completed", 1, "count", {}}};
  }
};

}  // namespace cb::bench
