#include "bench/stress_ng_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <optional>

namespace cb::bench {
namespace {

std::optional<double> toNumber(const std::string& s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

struct Key {
  const char* yamlKey;
  const char* metric;
  const char* unit;
  bool required;
};

const Key kKeys[] = {
    {"bogo-ops", "bogo_ops", "bogo ops", true},
    {"bogo-ops-per-second-real-time", "bogo_ops_per_second_real", "bogo ops/s", true},
    {"bogo-ops-per-second-usr-sys-time", "bogo_ops_per_second_usr_sys", "bogo ops/s", true},
    {"wall-clock-time", "real_time", "s", true},
    {"user-time", "usr_time", "s", true},
    {"system-time", "sys_time", "s", true},
    {"cpu-usage-per-instance", "cpu_usage_per_instance", "%", false},
    {"max-rss", "max_rss", "KiB", false},
    {"mbsec-read-rate", "read_rate", "MB/s", false},
    {"mbsec-write-rate", "write_rate", "MB/s", false},
    {"mbsec-readwrite-combined-rate", "readwrite_rate", "MB/s", false},
};

Result<Samples> parseEntry(const YAML::Node& entry, std::size_t index) {
  const std::string where = "stress-ng YAML metrics entry " + std::to_string(index + 1);
  if (!entry.IsMap()) return fail(where + " is not a mapping");
  const YAML::Node name = entry["stressor"];
  if (!name || !name.IsScalar() || name.Scalar().empty()) {
    return fail(where + " has no 'stressor' name");
  }
  const std::string stressor = name.Scalar();
  Samples out;
  for (const auto& k : kKeys) {
    const YAML::Node node = entry[k.yamlKey];
    if (!node) {
      if (k.required) {
        return fail("stress-ng YAML metrics for stressor '" + stressor + "' have no '" + k.yamlKey +
                    "'");
      }
      continue;
    }
    auto v = node.IsScalar() ? toNumber(node.Scalar()) : std::nullopt;
    if (!v) {
      return fail("stress-ng YAML metrics for stressor '" + stressor + "': '" + k.yamlKey +
                  "' is not a number");
    }
    out.push_back(Sample{k.metric, *v, k.unit, {{"stressor", stressor}}});
  }
  return out;
}

Result<Samples> parseMetrics(const YAML::Node& root) {
  if (!root.IsMap() || !root["metrics"]) return fail("stress-ng YAML has no 'metrics' section");
  const YAML::Node metrics = root["metrics"];
  if (!metrics.IsSequence() || metrics.size() == 0) {
    return fail("stress-ng YAML 'metrics' section lists no stressor");
  }
  Samples out;
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    auto entry = parseEntry(metrics[i], i);
    if (!entry) return fail(entry.error());
    out.insert(out.end(), entry->begin(), entry->end());
  }
  return out;
}

}  // namespace

Result<Samples> parseStressNgYaml(const std::string& yaml) {
  // yaml-cpp reports malformed input by exception; this function is that library's boundary.
  try {
    const YAML::Node root = YAML::Load(yaml);
    return parseMetrics(root);
  } catch (const YAML::Exception& e) {
    return fail("stress-ng output is not valid YAML: " + std::string(e.what()));
  }
}

std::vector<std::string> stressNgYamlStressors(std::string_view text) {
  std::vector<std::string> out;
  if (text.find("stress-ng-version:") == std::string_view::npos) return out;
  auto metrics = text.find("\nmetrics:");
  if (metrics == std::string_view::npos) return out;
  constexpr std::string_view kKey = "- stressor:";
  for (auto pos = text.find(kKey, metrics); pos != std::string_view::npos;
       pos = text.find(kKey, pos + kKey.size())) {
    auto begin = pos + kKey.size();
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    auto value = text.substr(begin, end - begin);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
    if (!value.empty()) out.emplace_back(value);
  }
  return out;
}

}  // namespace cb::bench
