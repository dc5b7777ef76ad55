// Readers of suite-specific fields (see suite_fields.hpp).
#include "spec/suite_fields.hpp"

#include <algorithm>
#include <utility>

#include "net/hostname.hpp"

namespace cb::spec::detail {
namespace {

bool isName(const std::string& s) {
  return !s.empty() && s.size() <= kMaxNameLength && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void readNodes(Diagnostics& d, const Entry& e, const std::string& field, Settings& out) {
  if (e.value.IsScalar()) {
    const std::string& word = e.value.Scalar();
    if (word == "all" || word == "master" || word == "workers") {
      out.selector = word == "all"      ? NodeSelector::kAll
                     : word == "master" ? NodeSelector::kMaster
                                        : NodeSelector::kWorkers;
    } else {
      d.add(lineOf(e.value, e.line), field,
            "'" + word + "' is not all, master, workers or a list of host names (one host: [" +
                word + "])");
    }
    return;
  }
  if (!e.value.IsSequence() || e.value.size() == 0) {
    d.add(lineOf(e.value, e.line), field,
          "expected all, master, workers or a non-empty list of host names, got " +
              (e.value.IsSequence() ? std::string("an empty list") : describe(e.value)));
    return;
  }
  std::vector<std::string> hosts;
  bool ok = true;
  for (std::size_t i = 0; i < e.value.size(); ++i) {
    const YAML::Node item = e.value[i];
    auto itemField = field + "[" + std::to_string(i) + "]";
    int line = lineOf(item, e.line);
    if (!item.IsScalar() || !net::checkHostOrIpv4(item.Scalar())) {
      d.add(line, itemField, describe(item) + " is not a host name or IPv4 address");
      ok = false;
    } else if (std::find(hosts.begin(), hosts.end(), item.Scalar()) != hosts.end()) {
      d.add(line, itemField, "host '" + item.Scalar() + "' is listed twice");
      ok = false;
    } else {
      hosts.push_back(item.Scalar());
    }
  }
  if (ok) {
    out.selector = NodeSelector::kList;
    out.nodes = std::move(hosts);
  }
}

}  // namespace

const Entry* find(const Entries& entries, const std::string& key) {
  auto it = entries.find(key);
  return it == entries.end() ? nullptr : &it->second;
}

std::optional<std::string> readName(Diagnostics& d, const Entry& e, const std::string& field) {
  auto text = readScalar(d, e, field, "a name");
  if (text && !isName(*text)) {
    d.add(lineOf(e.value, e.line), field,
          "'" + *text + "' is not a valid name (a-z, 0-9 and '-', at most " +
              std::to_string(kMaxNameLength) + " characters)");
    return std::nullopt;
  }
  return text;
}

void readSettings(Diagnostics& d, const Entries& fields, const std::string& path, Settings& out) {
  if (const Entry* e = find(fields, "repetitions")) {
    auto n = readInt(d, *e, fieldPath(path, "repetitions"), 1, kMaxRepetitions);
    if (n) out.repetitions = static_cast<int>(*n);
  }
  if (const Entry* e = find(fields, "timeout")) {
    auto n = readInt(d, *e, fieldPath(path, "timeout"), 1, kMaxTimeoutSeconds);
    if (n) {
      out.timeout = static_cast<int>(*n);
      out.timeoutLine = e->line;
      out.timeoutField = fieldPath(path, "timeout");
    }
  }
  if (const Entry* e = find(fields, "nodes")) readNodes(d, *e, fieldPath(path, "nodes"), out);
  if (const Entry* e = find(fields, "mode")) {
    auto mode = readChoice(d, *e, fieldPath(path, "mode"), {"parallel", "serial"});
    if (mode) out.serial = *mode == "serial";
  }
  if (const Entry* e = find(fields, "adaptive")) {
    readAdaptive(d, *e, fieldPath(path, "adaptive"), out.adaptive);
  }
}

std::optional<bench::Params> readParams(Diagnostics& d, const Entry* e, int stepLine,
                                        const std::string& path,
                                        const std::vector<bench::ParamSpec>& specs) {
  Entries given;
  if (e != nullptr) {
    auto read = readMap(d, e->value, e->line, path, "parameter values", nullptr);
    if (!read) return std::nullopt;
    given = std::move(*read);
  }
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  bench::Params params;
  bool ok = true;
  for (const auto& [name, entry] : given) {
    auto field = fieldPath(path, name);
    int line = lineOf(entry.value, entry.line);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      auto hint = didYouMean(name, names);
      d.add(entry.line, field,
            "unknown parameter" + (hint.empty() ? "" : hint) +
                " (known: " + (names.empty() ? std::string("none") : joinWords(names, ", ")) + ")");
      ok = false;
      continue;
    }
    if (!entry.value.IsScalar()) {
      d.add(line, field,
            "expected a number or a word, got " + describe(entry.value) +
                (entry.value.IsSequence() ? " (a sweep is one step per value)" : ""));
      ok = false;
      continue;
    }
    auto value = paramText(entry.value);
    auto one = bench::validateParams(specs, {{name, value}});
    if (!one) {
      auto message = one.error();
      auto prefix = "parameter '" + name + "': ";
      if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
      d.add(line, field, message);
      ok = false;
      continue;
    }
    params[name] = value;
  }
  if (!ok) return std::nullopt;
  auto all = bench::validateParams(specs, params);
  if (!all) {  // a default that does not validate: the spec's bug, reported where it surfaces
    d.add(e != nullptr ? e->line : stepLine, path, all.error());
    return std::nullopt;
  }
  return std::move(*all);
}

std::optional<std::int64_t> runTime(const bench::Params& params, std::string& which) {
  for (const char* key : {"time", "runtime"}) {
    auto it = params.find(key);
    if (it == params.end()) continue;
    if (auto n = parseDecimal(it->second)) {
      which = key;
      return n;
    }
  }
  return std::nullopt;
}

}  // namespace cb::spec::detail
