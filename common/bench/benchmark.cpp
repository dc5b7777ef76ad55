#include "bench/benchmark.hpp"

#include <algorithm>
#include <charconv>

namespace cb::bench {

Result<Params> validateParams(const std::vector<ParamSpec>& specs, const Params& given) {
  Params out;
  for (const auto& [name, value] : given) {
    auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
    if (it == specs.end()) {
      std::string known;
      for (const auto& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      return fail("unknown parameter '" + name + "' (known: " + known + ")");
    }
    if (!it->choices.empty()) {
      if (std::find(it->choices.begin(), it->choices.end(), value) == it->choices.end()) {
        std::string allowed;
        for (const auto& c : it->choices) allowed += (allowed.empty() ? "" : "|") + c;
        return fail("parameter '" + name + "': '" + value + "' is not one of " + allowed);
      }
    } else {
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || p != value.data() + value.size() || value.empty()) {
        return fail("parameter '" + name + "': '" + value + "' is not an integer");
      }
      if (n < it->min || n > it->max) {
        return fail("parameter '" + name + "': " + value + " is outside [" +
                    std::to_string(it->min) + ", " + std::to_string(it->max) + "]");
      }
    }
    out[name] = value;
  }
  for (const auto& s : specs) out.try_emplace(s.name, s.defaultValue);
  return out;
}

}  // namespace cb::bench
