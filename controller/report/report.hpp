#pragma once
// `clusterbench report`: reads the results store and writes a comparison report (Markdown,
// HTML) or every sample (CSV, JSON). The only side effects are the store reads and the stream.
#include <optional>
#include <ostream>
#include <string>

#include "report/comparison.hpp"
#include "store/store.hpp"
#include "util/result.hpp"

namespace cb::report {

enum class Format { kMarkdown, kHtml, kCsv, kJson };

/// "md" (or "markdown"), "html", "csv", "json".
std::optional<Format> parseFormat(const std::string& name);

struct ReportOptions {
  store::ReportQuery query;
  std::string groupBy = kGroupByEnvironment;  // or any run label
  Format format = Format::kMarkdown;
};

/// Statistics of the samples `query` selects, grouped by `groupBy`.
Result<Comparison> buildComparison(store::Store& store, const store::ReportQuery& query,
                                   const std::string& groupBy);

/// Writes the report. CSV reads the store twice (label columns first, then the rows of the runs
/// seen the first time); the other formats read it once. Errors: store failures.
Status writeReport(store::Store& store, const ReportOptions& options, std::ostream& out);

}  // namespace cb::report
