#pragma once
// Saved raw outputs (files users wrote by hand, e.g. /shared/results/*.txt): choosing the catalog
// benchmark that parses each one, and the importRun document (schemas/control.capnp) that stores
// them as runs. Pure except readSavedOutputFile(): no sockets, no logging. The CLI builds
// documents with buildImportDocuments(); the daemon checks what it receives with
// readImportDocumentText(), so both sides apply the same rules and limits.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/catalog.hpp"
#include "util/result.hpp"

namespace cb::imports {

/// Largest saved output read as one file (larger files are not benchmark outputs).
inline constexpr std::size_t kMaxSavedOutputBytes = 12 * 1024 * 1024;
/// Limits of one import document: raw outputs in total, results (files), samples in total. The
/// raw-output cap stays below wire::kMaxMessageBytes (16 MiB) to leave room for JSON escaping.
inline constexpr std::size_t kMaxImportRawBytes = 12 * 1024 * 1024;
inline constexpr std::size_t kMaxImportResults = 1000;
inline constexpr std::size_t kMaxImportSamples = 200000;
/// Host name given to imported results when the user names none.
inline constexpr const char* kDefaultImportHostname = "imported";

/// One report of a saved output parsed into samples (a file may hold several, see
/// bench/saved_reports.hpp).
struct SavedOutput {
  std::string file;       // as the user named it (parse) or its name inside the directory
  std::string tool;       // catalog name of the benchmark that parsed it
  std::string rawOutput;  // the whole file when it holds one report, else this report's text
  bench::Samples samples;
  std::size_t report = 1;   // 1-based ordinal among the reports of `tool` in the file
  std::size_t reports = 1;  // how many reports of `tool` the file holds
  std::size_t line = 1;     // 1-based line of the file where the report starts
};

/// The content of a saved output; errors name the file: missing, unreadable, not a regular file,
/// or larger than kMaxSavedOutputBytes. Reads the file system (the one side effect here).
Result<std::string> readSavedOutputFile(const std::string& path);

/// The benchmark that parses `output`: the catalog entry named `tool` when `tool` is non-empty,
/// else the single benchmark whose recognizes() accepts it. Errors name `file` and list the known
/// tools (nothing recognizes it) or the candidates (several do).
Result<const bench::Benchmark*> chooseBenchmark(const bench::Catalog& catalog,
                                                const std::string& file, const std::string& output,
                                                const std::string& tool);

/// Every report of a saved output (bench::splitReports()), each through chooseBenchmark() then
/// parse() with no parameters (parsers read labels from the output where they can), in file
/// order. All or nothing: the first report that is not recognized or does not parse fails the
/// file, so no report is ever dropped silently. Errors start with `file` (for a file of several
/// reports "<file>:<line> (report <i> of <n>)"), then the tool, then the parser's own message; an
/// empty file says so.
Result<std::vector<SavedOutput>> parseSavedReports(const bench::Catalog& catalog,
                                                   const std::string& file,
                                                   const std::string& output,
                                                   const std::string& tool);

/// parseSavedReports() for a file that must hold exactly one report; an error names the count
/// otherwise.
Result<SavedOutput> parseSavedOutput(const bench::Catalog& catalog, const std::string& file,
                                     std::string output, const std::string& tool);

/// The samples as JSON objects {metric, value, unit, labels, file, tool, report}.
nlohmann::json samplesToJson(const SavedOutput& output);

/// "key=value, key=value" for tables.
std::string formatLabels(const std::map<std::string, std::string>& labels);

struct ImportOptions {
  std::map<std::string, std::string> labels;  // stored as the run's labels
  std::string hostname = kDefaultImportHostname;
  std::string benchmark;  // non-empty: the run is stored under this catalog name
};

/// Run labels buildImportDocuments() sets on every run it builds: the file and the tool.
inline constexpr const char* kImportFileLabel = "file";
inline constexpr const char* kImportToolLabel = "tool";

/// One importRun document per file and tool, in the order the outputs first name them: its
/// results are that file's reports of that tool in order (result "report" = the ordinal when the
/// file holds several), its labels options.labels plus file=<file> and tool=<tool> (options.labels
/// must not set those two). With options.benchmark set, every output must come from one tool and
/// each run is stored under that name. Each document is checked like the daemon checks it
/// (readImportDocument), so limits and bad labels fail here with the same message.
Result<std::vector<nlohmann::json>> buildImportDocuments(const std::vector<SavedOutput>& outputs,
                                                         const ImportOptions& options,
                                                         const bench::Catalog& catalog);

/// One result of an importRun document.
struct ImportedFile {
  std::string hostname;
  std::string file;
  std::size_t report = 0;  // 1-based ordinal of the report in the file; 0 = the file's only one
  std::string rawOutput;
  bench::Samples samples;
};

/// An importRun document after checking.
struct ImportDocument {
  std::string benchmark;
  std::map<std::string, std::string> labels;
  std::vector<ImportedFile> results;
};

/// Strict reading of an importRun document: exactly the documented keys with the documented
/// types (a result's "report" is optional, an integer 1..kMaxImportResults), a catalogued
/// benchmark, run labels as labels::checkRunLabels(), sample labels as labels::checkLabel() (at
/// most 32 a sample); host names per net::checkHostOrIpv4(); 1..kMaxImportResults results,
/// kMaxImportRawBytes of raw output and kMaxImportSamples samples in total; non-empty metric names
/// of at most 128 characters, finite values, bounded units and sample labels. Errors say where the
/// problem is (result index, file).
Result<ImportDocument> readImportDocument(const nlohmann::json& document,
                                          const bench::Catalog& catalog);
/// The same from JSON text (as received on the control socket).
Result<ImportDocument> readImportDocumentText(const std::string& jsonText,
                                              const bench::Catalog& catalog);

}  // namespace cb::imports
