#include "bench/benchmark.hpp"

#include <algorithm>
#include <charconv>

#include "net/hostname.hpp"
#include "net/ipv4.hpp"

namespace cb::bench {

Status checkKind(const std::string& kind, const std::string& value) {
  if (kind == kParamKindAddress) {
    if (!net::checkHostOrIpv4(value)) return fail("is not an IPv4 address or host name");
    return okStatus();
  }
  if (kind == kParamKindToken) {
    bool ok = value.size() >= 8 && value.size() <= 64 &&
              value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos;
    return ok ? okStatus() : Status(fail("is not a token of 8-64 characters [a-z0-9]"));
  }
  if (kind == kParamKindCidr) {
    if (!net::parseCidr(value)) return fail("is not an IPv4 network a.b.c.d/len without host bits");
    return okStatus();
  }
  if (kind == kParamKindHostSlots) {
    if (value.empty()) return fail("is an empty host list");
    std::size_t start = 0;
    while (start <= value.size()) {
      auto end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      auto item = value.substr(start, end - start);
      auto colon = item.find(':');
      std::int64_t slots = 0;
      bool ok = colon != std::string::npos && net::checkHostOrIpv4(item.substr(0, colon));
      if (ok) {
        auto tail = std::string_view(item).substr(colon + 1);
        auto [p, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), slots);
        ok = ec == std::errc() && p == tail.data() + tail.size() && slots >= 1 && slots <= 1024;
      }
      if (!ok) return fail("is not a list of address:slots (bad item '" + item + "')");
      start = end + 1;
    }
    return okStatus();
  }
  return fail("has unknown kind '" + kind + "'");
}

Result<Params> validateParams(const std::vector<ParamSpec>& specs, const Params& given) {
  Params out;
  for (const auto& [name, value] : given) {
    auto it = std::find_if(specs.begin(), specs.end(),
                           [&name = name](const auto& s) { return s.name == name; });
    if (it == specs.end()) {
      std::string known;
      for (const auto& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      return fail("unknown parameter '" + name + "' (known: " + known + ")");
    }
    if (it->choices.empty() && !it->kind.empty()) {
      if (auto s = checkKind(it->kind, value); !s) {
        return fail("parameter '" + name + "': '" + value + "' " + s.error());
      }
    } else if (!it->choices.empty()) {
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
