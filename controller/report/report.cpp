#include "report/report.hpp"

#include "report/aggregate.hpp"
#include "report/html.hpp"
#include "report/markdown.hpp"
#include "report/sample_export.hpp"

namespace cb::report {
namespace {

Status writeCsv(store::Store& store, const ReportOptions& o, std::ostream& out) {
  RowResolver resolver(o.groupBy);
  SampleRow sample;
  std::set<std::string> keys;
  std::set<std::int64_t> runs;
  auto first = store.forEachReportRow(o.query, [&](const store::ReportRow& row) {
    resolver.resolve(row, sample);
    for (const auto& [k, v] : sample.labels) keys.insert(k);
    if (runs.insert(row.runId).second) {
      for (const auto& [k, v] : sample.runLabels) keys.insert(std::string(kRunPrefix) + k);
    }
  });
  if (!first) return first;
  CsvSampleWriter writer(out, std::move(keys));
  if (runs.empty()) return okStatus();
  store::ReportQuery same = o.query;
  same.runIds.assign(runs.begin(), runs.end());
  RowResolver again(o.groupBy);
  return store.forEachReportRow(same, [&](const store::ReportRow& row) {
    again.resolve(row, sample);
    writer.add(sample);
  });
}

Status writeJson(store::Store& store, const ReportOptions& o, std::ostream& out) {
  RowResolver resolver(o.groupBy);
  SampleRow sample;
  JsonSampleWriter writer(out);
  auto s = store.forEachReportRow(o.query, [&](const store::ReportRow& row) {
    resolver.resolve(row, sample);
    writer.add(sample);
  });
  writer.finish();
  return s;
}

}  // namespace

std::optional<Format> parseFormat(const std::string& name) {
  if (name == "md" || name == "markdown") return Format::kMarkdown;
  if (name == "html") return Format::kHtml;
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  return std::nullopt;
}

Result<Comparison> buildComparison(store::Store& store, const store::ReportQuery& query,
                                   const std::string& groupBy) {
  RowResolver resolver(groupBy);
  Aggregator aggregator(groupBy);
  SampleRow sample;
  auto s = store.forEachReportRow(query, [&](const store::ReportRow& row) {
    resolver.resolve(row, sample);
    aggregator.add(sample, resolver.references());
  });
  if (!s) return Error{s.error()};
  return aggregator.finish();
}

Status writeReport(store::Store& store, const ReportOptions& o, std::ostream& out) {
  switch (o.format) {
    case Format::kCsv:
      return writeCsv(store, o, out);
    case Format::kJson:
      return writeJson(store, o, out);
    case Format::kMarkdown:
    case Format::kHtml:
      break;
  }
  auto comparison = buildComparison(store, o.query, o.groupBy);
  if (!comparison) return Error{comparison.error()};
  if (o.format == Format::kHtml) {
    writeHtml(*comparison, out);
  } else {
    writeMarkdown(*comparison, out);
  }
  return okStatus();
}

}  // namespace cb::report
