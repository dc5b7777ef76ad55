#include "report/sample_export.hpp"

#include <charconv>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

namespace cb::report {
Labels flatLabels(const SampleRow& row) {
  Labels out = row.labels;
  for (const auto& [k, v] : row.runLabels) out["run." + k] = v;
  return out;
}

std::string csvField(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string valueText(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Plain digits in the usual range ("1390000000", not "1.39e+09"), exponents outside it.
  const double magnitude = std::fabs(value);
  const auto format = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15)
                          ? std::chars_format::fixed
                          : std::chars_format::general;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, format);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

std::string isoTime(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int millis = static_cast<int>(ms - static_cast<std::int64_t>(seconds) * 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, millis);
  return out;
}

CsvSampleWriter::CsvSampleWriter(std::ostream& out, std::set<std::string> labelKeys)
    : out_(out), labelKeys_(std::move(labelKeys)) {
  line_.clear();
  for (std::string_view f : kSampleFields) {
    if (!line_.empty()) line_ += ',';
    line_ += csvField(f);
  }
  for (const auto& k : labelKeys_) line_ += "," + csvField(k);
  out_ << line_ << "\r\n";
}

void CsvSampleWriter::add(const SampleRow& row) {
  line_.clear();
  line_ += std::to_string(row.runId);
  line_ += ',' + isoTime(row.startedAt);
  for (const std::string* f : {&row.node, &row.environment, &row.virtTech}) {
    line_ += ',' + csvField(*f);
  }
  line_ += ',' + csvField(row.group);
  for (const std::string* f : {&row.benchmark, &row.metric, &row.unit}) {
    line_ += ',' + csvField(*f);
  }
  line_ += ',' + valueText(row.value);
  line_ += ',' + csvField(row.status);
  const Labels labels = flatLabels(row);
  for (const auto& k : labelKeys_) {
    line_ += ',';
    if (auto it = labels.find(k); it != labels.end()) line_ += csvField(it->second);
  }
  out_ << line_ << "\r\n";
}

JsonSampleWriter::JsonSampleWriter(std::ostream& out) : out_(out) {
  out_ << "[";
}

void JsonSampleWriter::add(const SampleRow& row) {
  nlohmann::ordered_json j;
  j["run_id"] = row.runId;
  j["started_at"] = isoTime(row.startedAt);
  j["node"] = row.node;
  j["environment"] = row.environment;
  j["virt_tech"] = row.virtTech;
  j["group"] = row.group;
  j["benchmark"] = row.benchmark;
  j["metric"] = row.metric;
  j["unit"] = row.unit;
  if (std::isfinite(row.value)) {
    j["value"] = row.value;
  } else {
    j["value"] = nullptr;  // JSON has no NaN or infinity
  }
  j["status"] = row.status;
  j["labels"] = flatLabels(row);
  out_ << (first_ ? "\n" : ",\n")
       << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  first_ = false;
}

void JsonSampleWriter::finish() {
  out_ << (first_ ? "]\n" : "\n]\n");
}

}  // namespace cb::report
