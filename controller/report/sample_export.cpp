#include "report/sample_export.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace cb::report {
void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

Labels flatLabels(const SampleRow& row) {
  Labels out = row.labels;
  for (const auto& [k, v] : row.runLabels) out[std::string(kRunPrefix) + k] = v;
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
  // flatLabels() without building it: a run label wins over a sample label named "run.<key>".
  for (const auto& k : labelKeys_) {
    line_ += ',';
    if (k.starts_with(kRunPrefix)) {
      auto run = row.runLabels.find(k.substr(kRunPrefix.size()));
      if (run != row.runLabels.end()) {
        line_ += csvField(run->second);
        continue;
      }
    }
    if (auto it = row.labels.find(k); it != row.labels.end()) line_ += csvField(it->second);
  }
  out_ << line_ << "\r\n";
}

JsonSampleWriter::JsonSampleWriter(std::ostream& out) : out_(out) {
  out_ << "[";
}

void JsonSampleWriter::add(const SampleRow& row) {
  // Written by hand: the fixed shape needs no document object, which keeps 100,000 rows cheap.
  std::string& o = line_;
  o.assign(first_ ? "\n{" : ",\n{");
  o += "\"run_id\":" + std::to_string(row.runId);
  auto field = [&o](const char* name, const std::string& value) {
    o += ",\"";
    o += name;
    o += "\":";
    appendJsonString(o, value);
  };
  field("started_at", isoTime(row.startedAt));
  field("node", row.node);
  field("environment", row.environment);
  field("virt_tech", row.virtTech);
  field("group", row.group);
  field("benchmark", row.benchmark);
  field("metric", row.metric);
  field("unit", row.unit);
  o += ",\"value\":";
  o += std::isfinite(row.value) ? valueText(row.value) : "null";  // JSON has no NaN or infinity
  field("status", row.status);
  o += ",\"labels\":{";
  bool firstLabel = true;
  auto label = [&](const std::string& key, const std::string& value) {
    if (!firstLabel) o += ',';
    firstLabel = false;
    appendJsonString(o, key);
    o += ':';
    appendJsonString(o, value);
  };
  // flatLabels() without building it (key order aside, which JSON objects do not have).
  for (const auto& [k, v] : row.labels) {
    if (!(k.starts_with(kRunPrefix) && row.runLabels.contains(k.substr(kRunPrefix.size())))) {
      label(k, v);
    }
  }
  for (const auto& [k, v] : row.runLabels) label(std::string(kRunPrefix) + k, v);
  o += "}}";
  out_ << o;
  first_ = false;
}

void JsonSampleWriter::finish() {
  out_ << (first_ ? "]\n" : "\n]\n");
}

}  // namespace cb::report
