#include "bench/sysbench_report.hpp"

#include <cctype>

#include "bench/text_scan.hpp"

namespace cb::bench {

std::optional<double> findNumberAfterIn(std::string_view text, std::string_view anchor,
                                        std::string_view key) {
  auto pos = text.find(anchor);
  if (pos == std::string_view::npos) return std::nullopt;
  return findNumberAfter(text.substr(pos + anchor.size()), key);
}

std::string_view lineWith(std::string_view text, std::string_view key) {
  auto pos = text.find(key);
  if (pos == std::string_view::npos) return {};
  auto begin = text.rfind('\n', pos);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  auto end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  return text.substr(begin, end - begin);
}

std::optional<double> findNumberBefore(std::string_view text, std::string_view key) {
  auto end = text.find(key);
  if (end == std::string_view::npos) return std::nullopt;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  auto begin = end;
  while (begin > 0 &&
         (std::isdigit(static_cast<unsigned char>(text[begin - 1])) || text[begin - 1] == '.')) {
    --begin;
  }
  if (begin == end) return std::nullopt;
  return findNumberAfter(text.substr(begin, end - begin), "");
}

Status appendSysbenchGeneralStats(std::string_view text, const std::string& what,
                                  const std::map<std::string, std::string>& labels, Samples& out) {
  struct Field {
    const char* anchor;
    const char* key;
    const char* metric;
    const char* unit;
  };
  static const Field kFields[] = {
      {"General statistics:", "total time:", "total_time", "s"},
      {"General statistics:", "total number of events:", "total_events", "events"},
      {"Latency (ms):", "avg:", "latency_avg", "ms"},
      {"Latency (ms):", "95th percentile:", "latency_p95", "ms"},
      {"Latency (ms):", "max:", "latency_max", "ms"},
  };
  for (const auto& f : kFields) {
    auto v = findNumberAfterIn(text, f.anchor, f.key);
    if (!v) {
      return fail(what + " has no '" + f.key + "' figure under '" + f.anchor + "'");
    }
    out.push_back(Sample{f.metric, *v, f.unit, labels});
  }
  return okStatus();
}

std::map<std::string, std::string> labelsFrom(const std::map<std::string, std::string>& params,
                                              std::initializer_list<const char*> keys) {
  std::map<std::string, std::string> out;
  for (const char* k : keys) {
    if (auto it = params.find(k); it != params.end()) out[k] = it->second;
  }
  return out;
}

}  // namespace cb::bench
