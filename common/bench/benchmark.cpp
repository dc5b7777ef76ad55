#include "bench/benchmark.hpp"

#include <algorithm>
#include <charconv>

namespace cb::bench {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Four decimal octets 0-255 without leading zeros (which inet_aton would read as octal).
bool isIpv4(std::string_view text) {
  int octets = 0;
  while (true) {
    std::size_t len = 0;
    int value = 0;
    while (len < text.size() && len < 4 && isDigit(text[len])) {
      value = value * 10 + (text[len++] - '0');
    }
    if (len == 0 || len > 3 || value > 255 || (len > 1 && text[0] == '0')) return false;
    ++octets;
    text.remove_prefix(len);
    if (text.empty()) return octets == 4;
    if (text[0] != '.' || octets == 4) return false;
    text.remove_prefix(1);
  }
}

}  // namespace

bool isHostAddress(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  if (isDigit(text.back())) {
    // A numeric last label is never a host name (RFC 3696 §2): it must be a whole IPv4 address.
    auto lastDot = text.rfind('.');
    auto last = lastDot == std::string_view::npos ? text : text.substr(lastDot + 1);
    if (std::all_of(last.begin(), last.end(), isDigit)) return isIpv4(text);
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    auto dot = text.find('.', start);
    auto label =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!isAlnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
  return false;
}

namespace {
/// Four decimal octets 0-255.
bool isDottedQuad(std::string_view s) {
  int parts = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find('.', start);
    if (end == std::string_view::npos) end = s.size();
    auto part = s.substr(start, end - start);
    int v = -1;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || part.size() > 3 || ec != std::errc() || p != part.data() + part.size() ||
        v > 255) {
      return false;
    }
    ++parts;
    start = end + 1;
  }
  return parts == 4;
}
}  // namespace

Status checkKind(const std::string& kind, const std::string& value) {
  if (kind == kParamKindAddress) {
    if (!isHostAddress(value)) return fail("is not an IPv4 address or host name");
    return okStatus();
  }
  if (kind == kParamKindToken) {
    bool ok = value.size() >= 8 && value.size() <= 64 &&
              value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos;
    return ok ? okStatus() : Status(fail("is not a token of 8-64 characters [a-z0-9]"));
  }
  if (kind == kParamKindCidr) {
    auto slash = value.find('/');
    std::int64_t len = -1;
    if (slash != std::string::npos) {
      auto tail = std::string_view(value).substr(slash + 1);
      auto [p, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), len);
      if (ec != std::errc() || p != tail.data() + tail.size()) len = -1;
    }
    if (slash == std::string::npos || !isDottedQuad(value.substr(0, slash)) || len < 0 ||
        len > 32) {
      return fail("is not an IPv4 network a.b.c.d/len");
    }
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
      bool ok = colon != std::string::npos && isHostAddress(item.substr(0, colon));
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
    auto it =
        std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
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
