#pragma once
// Pure helpers shared by the sysbench parsers (sysbench 1.0.x report layout): figures inside a
// named section, and the "General statistics" / "Latency (ms)" blocks every test prints.
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::bench {

/// The first number after `key` that follows the first occurrence of `anchor`, e.g. anchor
/// "Latency (ms):", key "avg:". nullopt when either is missing or no number follows.
std::optional<double> findNumberAfterIn(std::string_view text, std::string_view anchor,
                                        std::string_view key);

/// The whole line (without its newline) holding the first occurrence of `key`; empty when absent.
std::string_view lineWith(std::string_view text, std::string_view key);

/// The number that ends right before the first occurrence of `key` (skipping blanks), e.g. 1129.00
/// in "1129.00 MiB transferred". nullopt when the key or the number is missing.
std::optional<double> findNumberBefore(std::string_view text, std::string_view key);

/// Appends total_time (s), total_events (events) and latency_avg / latency_p95 / latency_max (ms)
/// with `labels` to `out`. The error names the first missing figure, prefixed by `what` (e.g.
/// "sysbench memory output").
Status appendSysbenchGeneralStats(std::string_view text, const std::string& what,
                                  const std::map<std::string, std::string>& labels, Samples& out);

/// The values of `keys` that are present in `params`, for use as sample labels.
std::map<std::string, std::string> labelsFrom(const std::map<std::string, std::string>& params,
                                              std::initializer_list<const char*> keys);

}  // namespace cb::bench
