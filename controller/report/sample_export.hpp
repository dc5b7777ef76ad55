#pragma once
// One row per sample, as CSV or JSON (PerfKit Benchmarker's sample format as the model: fixed
// fields, then the labels flattened, one column per key in sorted order). Pure: the writers
// only see rows and a stream.
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "report/sample_row.hpp"

namespace cb::report {

/// The fixed fields, in column order.
inline constexpr std::string_view kSampleFields[] = {
    "run_id",    "started_at", "node", "environment", "virt_tech", "group",
    "benchmark", "metric",     "unit", "value",       "status"};

/// Prefix of a run label's key among the flattened labels.
inline constexpr std::string_view kRunPrefix = "run.";

/// The flattened labels of a sample: its own by name, its run's as "run.<name>" (a run label
/// wins over a sample label of the same flattened name).
Labels flatLabels(const SampleRow& row);

/// RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, or starts or ends with a
/// blank; quotes doubled.
std::string csvField(std::string_view text);

/// Shortest text that reads back as the same double, in plain digits for magnitudes from 1e-6 to
/// 1e15 (exponent notation outside); "" for NaN (null in JSON), "inf" and "-inf" for infinities.
std::string valueText(double value);

/// "2023-11-14T22:13:20.123Z" for milliseconds since the epoch.
std::string isoTime(std::int64_t ms);

/// CSV: a header of the fixed fields plus `labelKeys`, then one line per row (labels not in
/// `labelKeys` are dropped). Lines end with CRLF as RFC 4180 says.
class CsvSampleWriter {
 public:
  CsvSampleWriter(std::ostream& out, std::set<std::string> labelKeys);
  void add(const SampleRow& row);

 private:
  std::ostream& out_;
  std::set<std::string> labelKeys_;
  std::string line_;
};

/// `text` as a JSON string literal appended to `out` (quotes, backslashes and control characters
/// escaped; other bytes, UTF-8 included, as they are).
void appendJsonString(std::string& out, std::string_view text);

/// JSON: one array, one object per line with the fixed fields and "labels" (flatLabels()).
/// finish() closes the array; it must be called once after the last row.
class JsonSampleWriter {
 public:
  explicit JsonSampleWriter(std::ostream& out);
  void add(const SampleRow& row);
  void finish();

 private:
  std::ostream& out_;
  bool first_ = true;
  std::string line_;
};

}  // namespace cb::report
