// Readers of checked scalars and lists (see cluster_spec_fields.hpp).
#include <algorithm>

#include "spec/cluster_spec_fields.hpp"

namespace cb::spec::detail {

const Entry* findEntry(const Entries& entries, const std::string& key) {
  auto it = entries.find(key);
  return it == entries.end() ? nullptr : &it->second;
}

int valueLine(const Entry& e) {
  return lineOf(e.value, e.line);
}

std::string lowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status checkIpv4(std::string_view text) {
  auto a = net::parseIpv4(text);
  return a ? okStatus() : Status(fail(a.error()));
}

std::optional<std::string> readChecked(Diagnostics& d, const Entry& e, const std::string& field,
                                       const std::string& what, Check check) {
  auto text = readScalar(d, e, field, what);
  if (!text) return std::nullopt;
  if (auto s = check(*text); !s) {
    d.add(valueLine(e), field, s.error());
    return std::nullopt;
  }
  return text;
}

std::optional<bool> readBool(Diagnostics& d, const Entry& e, const std::string& field) {
  auto word = readChoice(d, e, field, {"true", "false"});
  if (!word) return std::nullopt;
  return *word == "true";
}

std::optional<net::Ipv4> readAddress(Diagnostics& d, const Entry& e, const std::string& field) {
  auto text = readScalar(d, e, field, "an IPv4 address");
  if (!text) return std::nullopt;
  auto address = net::parseIpv4(*text);
  if (!address) {
    d.add(valueLine(e), field, address.error());
    return std::nullopt;
  }
  return *address;
}

std::optional<std::vector<std::string>> readList(Diagnostics& d, const Entry& e,
                                                 const std::string& field, const std::string& what,
                                                 Check check, bool scalarOk, bool ignoreCase) {
  std::vector<std::string> out;
  if (e.value.IsNull()) return out;
  if (scalarOk && e.value.IsScalar()) {
    auto item = readChecked(d, e, field, what, check);
    if (!item) return std::nullopt;
    out.push_back(ignoreCase ? lowerCase(*item) : *item);
    return out;
  }
  if (!e.value.IsSequence()) {
    d.add(valueLine(e), field, "expected a list of " + what + "s, got " + describe(e.value));
    return std::nullopt;
  }
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < e.value.size(); ++i) {
    Entry item{e.value[i], valueLine(e)};
    auto itemField = field + "[" + std::to_string(i) + "]";
    auto text = readChecked(d, item, itemField, what, check);
    if (!text) continue;
    auto key = ignoreCase ? lowerCase(*text) : *text;
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
      d.add(valueLine(item), itemField, "'" + *text + "' is listed twice");
      continue;
    }
    keys.push_back(key);
    out.push_back(key);
  }
  return out;
}

}  // namespace cb::spec::detail
