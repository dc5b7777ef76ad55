#include "import/saved_outputs.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string_view>
#include <utility>

#include "bench/saved_reports.hpp"
#include "labels/run_labels.hpp"
#include "net/hostname.hpp"
#include "os/atomic_file.hpp"
#include "wire/codec.hpp"

namespace cb::imports {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxFileName = 4096;
constexpr std::size_t kMaxMetric = 128;
constexpr std::size_t kMaxUnit = 64;
constexpr std::size_t kMaxSampleLabels = 32;
// Room for the envelope around the JSON text in one control message.
constexpr std::size_t kEnvelopeMargin = 64 * 1024;

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string mib(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

/// Rejects keys of `object` outside `allowed`; `where` starts the message.
Status onlyKeys(const Json& object, const std::set<std::string>& allowed,
                const std::string& where) {
  for (const auto& [key, _] : object.items()) {
    if (!allowed.contains(key)) {
      return fail(where + ": unknown key '" + key + "' (expected " +
                  joined({allowed.begin(), allowed.end()}) + ")");
    }
  }
  return okStatus();
}

/// A string member; missing or of another type is an error.
Result<std::string> text(const Json& object, const std::string& key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) return fail(where + ": missing '" + key + "'");
  if (!it->is_string()) return fail(where + ": '" + key + "' must be a string");
  return it->get<std::string>();
}

/// A string-to-string object (labels) of at most `maxCount` entries, each passing
/// labels::checkRunLabel() (`runLabels`) or labels::checkLabel(); errors start with `where`.
Result<std::map<std::string, std::string>> labelMap(const Json& value, const std::string& where,
                                                    std::size_t maxCount, bool runLabels) {
  if (!value.is_object()) return fail(where + ": labels must be an object of strings");
  if (value.size() > maxCount) {
    return fail(where + ": " + std::to_string(value.size()) + " labels, at most " +
                std::to_string(maxCount));
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, v] : value.items()) {
    if (!v.is_string()) {
      if (auto s = labels::checkLabel(key, ""); !s) return fail(where + ": " + s.error());
      return fail(where + ": label '" + key + "' must be a string");
    }
    auto s = v.get<std::string>();
    auto checked = runLabels ? labels::checkRunLabel(key, s) : labels::checkLabel(key, s);
    if (!checked) return fail(where + ": " + checked.error());
    out[key] = std::move(s);
  }
  return out;
}

Result<bench::Sample> readSample(const Json& j, const std::string& where) {
  if (!j.is_object()) return fail(where + ": expected an object");
  if (auto s = onlyKeys(j, {"metric", "value", "unit", "labels"}, where); !s)
    return fail(s.error());
  bench::Sample out;
  auto metric = text(j, "metric", where);
  if (!metric) return fail(metric.error());
  if (metric->empty() || metric->size() > kMaxMetric || !labels::isPrintable(*metric)) {
    return fail(where + ": metric must be printable text of 1.." + std::to_string(kMaxMetric) +
                " characters");
  }
  out.metric = *metric;
  auto value = j.find("value");
  if (value == j.end() || !value->is_number() || !std::isfinite(value->get<double>())) {
    return fail(where + " (" + out.metric + "): value must be a finite number");
  }
  out.value = value->get<double>();
  auto unit = text(j, "unit", where);
  if (!unit) return fail(unit.error());
  if (unit->size() > kMaxUnit || !labels::isPrintable(*unit)) {
    return fail(where + " (" + out.metric + "): unit must be printable text of at most " +
                std::to_string(kMaxUnit) + " characters");
  }
  out.unit = *unit;
  if (auto labels = j.find("labels"); labels != j.end()) {
    auto m = labelMap(*labels, where + " (" + out.metric + ")", kMaxSampleLabels, false);
    if (!m) return fail(m.error());
    out.labels = std::move(*m);
  }
  return out;
}

}  // namespace

Result<std::string> readSavedOutputFile(const std::string& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return fail(path + ": no such file");
  if (!std::filesystem::is_regular_file(status)) return fail(path + ": not a regular file");
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(path + ": " + ec.message());
  if (size > kMaxSavedOutputBytes) {
    return fail(path + ": " + mib(size) + ", larger than a saved benchmark output can be (" +
                mib(kMaxSavedOutputBytes) + ")");
  }
  auto text = os::readFile(path);
  if (!text) return fail(text.error());
  return std::move(*text);
}

Result<const bench::Benchmark*> chooseBenchmark(const bench::Catalog& catalog,
                                                const std::string& file, const std::string& output,
                                                const std::string& tool) {
  if (!tool.empty()) {
    const bench::Benchmark* b = catalog.find(tool);
    if (b == nullptr)
      return fail("unknown tool '" + tool + "' (known: " + joined(catalog.names()) + ")");
    return b;
  }
  auto found = catalog.recognizing(output);
  if (found.empty()) {
    return fail(file +
                ": not recognized as the output of a catalogued benchmark; name its tool with "
                "--tool (known: " +
                joined(catalog.names()) + ")");
  }
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (const auto* b : found) names.push_back(b->name());
    return fail(file + ": looks like the output of several benchmarks (" + joined(names) +
                "); choose one with --tool");
  }
  return found.front();
}

Result<std::vector<SavedOutput>> parseSavedReports(const bench::Catalog& catalog,
                                                   const std::string& file,
                                                   const std::string& output,
                                                   const std::string& tool) {
  if (output.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(file + ": empty file (" + std::to_string(output.size()) + " bytes, no figures)");
  }
  auto reports = bench::splitReports(output);
  if (!reports) return fail(file + ": " + reports.error());
  const std::size_t count = reports->size();
  std::vector<SavedOutput> out;
  std::map<std::string, std::size_t> perTool;
  for (std::size_t i = 0; i < count; ++i) {
    auto& report = (*reports)[i];
    const std::string where = count == 1 ? file
                                         : file + ":" + std::to_string(report.line) + " (report " +
                                               std::to_string(i + 1) + " of " +
                                               std::to_string(count) + ")";
    auto b = chooseBenchmark(catalog, where, report.text, tool);
    if (!b) return fail(b.error());
    std::string name = (*b)->name();
    auto samples = (*b)->parse(report.text, {});
    if (!samples) return fail(where + ": " + name + ": " + samples.error());
    if (samples->empty()) return fail(where + ": " + name + ": the output holds no figures");
    SavedOutput o{file, name, std::move(report.text), std::move(*samples)};
    o.report = ++perTool[name];
    o.line = report.line;
    out.push_back(std::move(o));
  }
  for (auto& o : out) o.reports = perTool[o.tool];
  return out;
}

Result<SavedOutput> parseSavedOutput(const bench::Catalog& catalog, const std::string& file,
                                     std::string output, const std::string& tool) {
  auto all = parseSavedReports(catalog, file, output, tool);
  if (!all) return fail(all.error());
  if (all->size() != 1) {
    return fail(file + ": holds " + std::to_string(all->size()) +
                " reports where one was expected");
  }
  return std::move(all->front());
}

nlohmann::json samplesToJson(const SavedOutput& output) {
  auto arr = Json::array();
  for (const auto& s : output.samples) {
    arr.push_back({{"metric", s.metric},
                   {"value", s.value},
                   {"unit", s.unit},
                   {"labels", s.labels},
                   {"file", output.file},
                   {"tool", output.tool},
                   {"report", output.report}});
  }
  return arr;
}

std::string formatLabels(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ", ") + k + "=" + v;
  return out;
}

Result<std::vector<nlohmann::json>> buildImportDocuments(const std::vector<SavedOutput>& outputs,
                                                         const ImportOptions& options,
                                                         const bench::Catalog& catalog) {
  if (outputs.empty()) return fail("nothing to import");
  for (const char* key : {kImportFileLabel, kImportToolLabel}) {
    if (options.labels.contains(key)) {
      return fail(std::string("label ") + key +
                  " is set by import itself (the file and the tool "
                  "of each run); choose another key");
    }
  }
  std::set<std::string> tools;
  for (const auto& o : outputs) tools.insert(o.tool);
  if (!options.benchmark.empty() && tools.size() > 1) {
    return fail(
        "--benchmark names the tool of every run, but the outputs come from several "
        "tools (" +
        joined({tools.begin(), tools.end()}) + "); import them separately with --tool");
  }
  // (file, tool) groups in order of first appearance.
  std::vector<std::vector<const SavedOutput*>> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> groupOf;
  for (const auto& o : outputs) {
    auto [it, fresh] = groupOf.try_emplace({o.file, o.tool}, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(&o);
  }
  std::vector<Json> docs;
  for (const auto& group : groups) {
    const std::string& tool = group.front()->tool;
    const std::string& file = group.front()->file;
    auto labels = options.labels;
    labels[kImportFileLabel] = file;
    labels[kImportToolLabel] = tool;
    Json doc = {{"benchmark", options.benchmark.empty() ? tool : options.benchmark},
                {"labels", labels},
                {"results", Json::array()}};
    for (const auto* o : group) {
      Json result = {{"hostname", options.hostname},
                     {"file", o->file},
                     {"raw_output", o->rawOutput},
                     {"samples", samplesToJson(*o)}};
      if (o->reports > 1) result["report"] = o->report;
      for (auto& s : result["samples"]) {
        s.erase("file");
        s.erase("tool");
        s.erase("report");
      }
      doc["results"].push_back(std::move(result));
    }
    // Saved files need not be UTF-8; JSON text must be (invalid bytes become U+FFFD).
    std::string textForm = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (textForm.size() + kEnvelopeMargin > wire::kMaxMessageBytes) {
      return fail("the " + tool + " reports of " + file + " make a " + mib(textForm.size()) +
                  " import, more than one control message carries (" +
                  mib(wire::kMaxMessageBytes - kEnvelopeMargin) + "); import fewer files at once");
    }
    doc = Json::parse(textForm);
    auto checked = readImportDocument(doc, catalog);
    if (!checked) return fail("the " + tool + " reports of " + file + ": " + checked.error());
    docs.push_back(std::move(doc));
  }
  return docs;
}

Result<ImportDocument> readImportDocument(const nlohmann::json& doc,
                                          const bench::Catalog& catalog) {
  const std::string where = "import document";
  if (!doc.is_object()) return fail(where + ": expected a JSON object");
  if (auto s = onlyKeys(doc, {"benchmark", "labels", "results"}, where); !s) return fail(s.error());
  ImportDocument out;
  auto benchmark = text(doc, "benchmark", where);
  if (!benchmark) return fail(benchmark.error());
  if (catalog.find(*benchmark) == nullptr) {
    return fail(where + ": unknown benchmark '" + *benchmark +
                "' (known: " + joined(catalog.names()) + ")");
  }
  out.benchmark = *benchmark;
  if (auto given = doc.find("labels"); given != doc.end()) {
    auto m = labelMap(*given, where, labels::kMaxRunLabels, true);
    if (!m) return fail(m.error());
    out.labels = std::move(*m);
  }
  auto results = doc.find("results");
  if (results == doc.end() || !results->is_array()) {
    return fail(where + ": 'results' must be an array");
  }
  if (results->empty() || results->size() > kMaxImportResults) {
    return fail(where + ": " + std::to_string(results->size()) + " results; expected 1.." +
                std::to_string(kMaxImportResults));
  }
  std::size_t rawBytes = 0, sampleCount = 0;
  for (std::size_t i = 0; i < results->size(); ++i) {
    const Json& r = (*results)[i];
    std::string at = where + ": result " + std::to_string(i + 1);
    if (!r.is_object()) return fail(at + ": expected an object");
    if (auto s = onlyKeys(r, {"hostname", "file", "raw_output", "samples", "report"}, at); !s) {
      return fail(s.error());
    }
    ImportedFile f;
    auto file = text(r, "file", at);
    if (!file) return fail(file.error());
    if (file->empty() || file->size() > kMaxFileName || !labels::isPrintable(*file)) {
      return fail(at + ": file must be printable text of 1.." + std::to_string(kMaxFileName) +
                  " characters");
    }
    f.file = *file;
    at += " (" + f.file + ")";
    if (auto report = r.find("report"); report != r.end()) {
      if (!report->is_number_unsigned() || report->get<std::uint64_t>() < 1 ||
          report->get<std::uint64_t>() > kMaxImportResults) {
        return fail(at + ": 'report' must be an integer 1.." + std::to_string(kMaxImportResults));
      }
      f.report = report->get<std::size_t>();
    }
    auto hostname = text(r, "hostname", at);
    if (!hostname) return fail(hostname.error());
    if (auto s = net::checkHostOrIpv4(*hostname); !s) return fail(at + ": hostname " + s.error());
    f.hostname = *hostname;
    auto raw = text(r, "raw_output", at);
    if (!raw) return fail(raw.error());
    rawBytes += raw->size();
    if (rawBytes > kMaxImportRawBytes) {
      return fail(where + ": raw outputs exceed " + mib(kMaxImportRawBytes) + " in total at " +
                  "result " + std::to_string(i + 1) + " (" + f.file + "); import fewer files");
    }
    f.rawOutput = std::move(*raw);
    auto samples = r.find("samples");
    if (samples == r.end() || !samples->is_array()) {
      return fail(at + ": 'samples' must be an array");
    }
    if (samples->empty()) return fail(at + ": no samples");
    sampleCount += samples->size();
    if (sampleCount > kMaxImportSamples) {
      return fail(where + ": more than " + std::to_string(kMaxImportSamples) +
                  " samples in total; import fewer files");
    }
    for (std::size_t k = 0; k < samples->size(); ++k) {
      auto s = readSample((*samples)[k], at + ": sample " + std::to_string(k + 1));
      if (!s) return fail(s.error());
      f.samples.push_back(std::move(*s));
    }
    out.results.push_back(std::move(f));
  }
  return out;
}

Result<ImportDocument> readImportDocumentText(const std::string& jsonText,
                                              const bench::Catalog& catalog) {
  auto doc = Json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("import document is not valid JSON");
  return readImportDocument(doc, catalog);
}

}  // namespace cb::imports
