#include "bench/iozone.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

namespace cb::bench {
namespace {

struct Row {
  long long fileKb = 0;
  std::vector<double> values;  // left-aligned under the header's record sizes
};

struct Table {
  std::string title;   // e.g. "Re-Reader report"
  std::string metric;  // e.g. "re_reader"
  std::vector<long long> recordsKb;
  std::vector<Row> rows;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

/// Whitespace-separated tokens with surrounding double quotes removed.
std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::string_view t = line.substr(start, i - start);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

template <typename T>
std::optional<T> number(std::string_view s) {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

/// `"Writer report"` -> "Writer report"; nullopt for any other line.
std::optional<std::string> tableTitle(std::string_view line) {
  line = trim(line);
  constexpr std::string_view kSuffix = " report\"";
  if (line.size() < kSuffix.size() + 2 || line.front() != '"' || !line.ends_with(kSuffix)) {
    return std::nullopt;
  }
  return std::string(line.substr(1, line.size() - 2));
}

/// "Re-Reader report" -> "re_reader".
std::string metricOf(std::string title) {
  constexpr std::string_view kSuffix = " report";
  if (std::string_view(title).ends_with(kSuffix)) title.resize(title.size() - kSuffix.size());
  std::string out;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Result<std::vector<Table>> readTables(std::string_view output) {
  std::vector<Table> tables;
  auto all = lines(output);
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto title = tableTitle(all[i]);
    if (!title) continue;
    Table t{*title, metricOf(*title), {}, {}};
    const std::string what = "iozone '" + t.title + "'";
    if (i + 1 >= all.size()) return fail(what + " table has no record-size header");
    for (auto tok : tokens(all[++i])) {
      auto r = number<long long>(tok);
      if (!r)
        return fail(what + " table header has a non-numeric record size '" + std::string(tok) +
                    "'");
      t.recordsKb.push_back(*r);
    }
    if (t.recordsKb.empty()) return fail(what + " table has no record-size header");
    while (i + 1 < all.size() && trim(all[i + 1]).starts_with('"') && !tableTitle(all[i + 1])) {
      auto toks = tokens(all[++i]);
      Row row;
      auto file = toks.empty() ? std::nullopt : number<long long>(toks.front());
      if (!file) return fail(what + " row '" + std::string(trim(all[i])) + "' has no file size");
      row.fileKb = *file;
      for (std::size_t k = 1; k < toks.size(); ++k) {
        auto v = number<double>(toks[k]);
        if (!v)
          return fail(what + " row for file size " + std::to_string(row.fileKb) +
                      " kB has a non-numeric value '" + std::string(toks[k]) + "'");
        row.values.push_back(*v);
      }
      t.rows.push_back(std::move(row));
    }
    if (t.rows.empty()) return fail(what + " table has no rows (truncated?)");
    tables.push_back(std::move(t));
  }
  if (tables.empty()) return fail("iozone output has no report table (was it run with -R?)");
  return tables;
}

/// Each row has one value per header record size up to its file size (iozone never tests a
/// record larger than the file), and every table has the first table's file sizes.
Status checkShape(const std::vector<Table>& tables) {
  for (const auto& t : tables) {
    const std::string what = "iozone '" + t.title + "'";
    for (const auto& row : t.rows) {
      std::size_t expected = 0;
      for (long long r : t.recordsKb) expected += r <= row.fileKb ? 1 : 0;
      if (row.values.size() > t.recordsKb.size()) {
        return fail(what + " row for file size " + std::to_string(row.fileKb) + " kB has " +
                    std::to_string(row.values.size()) + " values for " +
                    std::to_string(t.recordsKb.size()) + " record sizes");
      }
      if (row.values.size() < expected) {
        return fail(what + " row for file size " + std::to_string(row.fileKb) + " kB has " +
                    std::to_string(row.values.size()) + " of " + std::to_string(expected) +
                    " values (truncated?)");
      }
    }
    const auto& first = tables.front();
    bool sameFiles = t.rows.size() == first.rows.size();
    for (std::size_t k = 0; sameFiles && k < t.rows.size(); ++k) {
      sameFiles = t.rows[k].fileKb == first.rows[k].fileKb;
    }
    if (!sameFiles) {
      return fail(what + " table has " + std::to_string(t.rows.size()) + " file-size rows where '" +
                  first.title + "' has " + std::to_string(first.rows.size()) + " (truncated?)");
    }
  }
  return okStatus();
}

/// Tables the "Command line used:" line's -i tests produce (all of them without -i); empty when
/// the line is absent (e.g. only the Excel part was kept).
std::set<std::string> expectedTables(std::string_view output) {
  static const std::vector<std::vector<std::string>> kByTest = {
      {"writer", "re_writer"}, {"reader", "re_reader"}, {"random_read", "random_write"},
      {"backward_read"},       {"record_rewrite"},      {"stride_read"},
      {"fwrite", "re_fwrite"}, {"fread", "re_fread"},
  };
  constexpr std::string_view kKey = "Command line used:";
  std::size_t at = output.find(kKey);
  if (at == std::string_view::npos) return {};
  std::string_view line = output.substr(at + kKey.size());
  line = line.substr(0, line.find('\n'));
  std::vector<int> tests;
  auto toks = tokens(line);
  for (std::size_t k = 0; k < toks.size(); ++k) {
    if (!toks[k].starts_with("-i")) continue;
    std::string_view arg = toks[k].substr(2);
    if (arg.empty() && k + 1 < toks.size()) arg = toks[++k];
    if (auto n = number<int>(arg)) tests.push_back(*n);
  }
  if (tests.empty()) {
    for (int n = 0; n < static_cast<int>(kByTest.size()); ++n) tests.push_back(n);
  }
  std::set<std::string> out;
  for (int n : tests) {
    if (n >= 0 && n < static_cast<int>(kByTest.size()))
      out.insert(kByTest[n].begin(), kByTest[n].end());
  }
  return out;
}

}  // namespace

std::vector<ParamSpec> Iozone::params() const {
  constexpr std::int64_t kMaxFileKb = 64LL * 1024 * 1024;  // 64 GiB
  return {
      {"min-file-kb", "smallest file size in KiB (-n)", "32768", 64, kMaxFileKb, {}},
      {"max-file-kb", "largest file size in KiB (-g)", "524288", 64, kMaxFileKb, {}},
      {"min-record-kb", "smallest record size in KiB (-y)", "64", 4, 16384, {}},
      {"max-record-kb", "largest record size in KiB (-q)", "16384", 4, 16384, {}},
      {"tests",
       "iozone -i tests: all (the -a set) or 0 (write), 0,1 (+read), 0,1,2 (+random)",
       "all",
       0,
       0,
       {"all", "0", "0,1", "0,1,2"}},
      {"ops", "1: report operations per second (-O) instead of kB/s", "0", 0, 1, {}},
  };
}

std::chrono::milliseconds Iozone::defaultTimeout() const {
  return std::chrono::minutes(60);
}

std::vector<std::string> Iozone::build(const Params& p) const {
  std::vector<std::string> argv = {"iozone", "-a", "-R"};
  if (p.at("ops") == "1") argv.push_back("-O");
  for (const auto& [flag, name] :
       {std::pair{"-n", "min-file-kb"}, std::pair{"-g", "max-file-kb"},
        std::pair{"-y", "min-record-kb"}, std::pair{"-q", "max-record-kb"}}) {
    argv.push_back(flag);
    argv.push_back(p.at(name) + "k");
  }
  if (const std::string& tests = p.at("tests"); tests != "all") {
    std::stringstream list(tests);
    for (std::string n; std::getline(list, n, ',');) {
      argv.push_back("-i");
      argv.push_back(n);
    }
  }
  argv.push_back("-f");
  argv.push_back("iozone.tmp");
  return argv;
}

bool Iozone::recognizes(const std::string& output) const {
  return output.find("Iozone: Performance Test of File I/O") != std::string::npos ||
         (output.find("Excel output is below:") != std::string::npos &&
          output.find("\"Writer report\"") != std::string::npos);
}

Result<Samples> Iozone::parse(const std::string& output, const Params& params) const {
  auto tables = readTables(output);
  if (!tables) return fail(tables.error());
  if (auto s = checkShape(*tables); !s) return fail(s.error());
  std::set<std::string> present;
  for (const auto& t : *tables) present.insert(t.metric);
  for (const auto& m : expectedTables(output)) {
    if (!present.contains(m))
      return fail("iozone output has no '" + m + "' report table (truncated?)");
  }
  // Only the header says "OPS Mode"; an Excel part kept alone is taken as kB/s unless the
  // parameters say ops=1 (the seeds cut -O output that way).
  auto ops = params.find("ops");
  const bool opsMode =
      output.find("Output is in operations per second") != std::string::npos ||
      (ops != params.end() && ops->second == "1");
  const std::string unit = opsMode ? "ops/s" : "kB/s";
  Samples out;
  for (const auto& t : *tables) {
    for (const auto& row : t.rows) {
      for (std::size_t k = 0; k < row.values.size(); ++k) {
        if (row.values[k] == 0) continue;  // a record size iozone skipped for this file size
        out.push_back(Sample{t.metric,
                             row.values[k],
                             unit,
                             {{"file_size_kb", std::to_string(row.fileKb)},
                              {"record_kb", std::to_string(t.recordsKb[k])}}});
      }
    }
  }
  if (out.empty()) {
    return fail("iozone report tables hold no measured value (empty file or record size range?)");
  }
  return out;
}

}  // namespace cb::bench
