#include "bench/stress_ng_text.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

namespace cb::bench {
namespace {

struct Message {
  std::string_view pid;
  std::string_view text;  // after "[pid] "
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

/// "stress-ng: metrc: [13467] cpu  3429 ..." -> {"13467", "cpu  3429 ..."}.
std::optional<Message> message(std::string_view line) {
  constexpr std::string_view kPrefix = "stress-ng: ";
  if (!line.starts_with(kPrefix)) return std::nullopt;
  line.remove_prefix(kPrefix.size());
  std::size_t i = 0;
  while (i < line.size() && std::islower(static_cast<unsigned char>(line[i]))) ++i;
  if (i == 0 || i >= line.size() || line[i] != ':') return std::nullopt;
  ++i;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i >= line.size() || line[i] != '[') return std::nullopt;
  const std::size_t close = line.find(']', i);
  if (close == std::string_view::npos || close == i + 1) return std::nullopt;
  std::string_view pid = line.substr(i + 1, close - i - 1);
  for (char c : pid) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  std::string_view text = line.substr(close + 1);
  if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return Message{pid, text};
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

/// Calls f(lineNumber, line) for each line of `text` (1-based, without '\n' and '\r').
template <typename F>
void forEachLine(std::string_view text, F&& f) {
  std::size_t n = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(++n, line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

struct Row {
  std::string stressor;
  std::array<double, 6> figures{};  // bogo ops, real, usr, sys, bogo ops/s real, usr+sys
};
struct Misc {
  std::string stressor, metric;
  double value = 0;
};
struct Table {
  bool seen = false;  // a "stressor ... bogo ops" header line
  std::vector<Row> rows;
  std::vector<Misc> misc;
};

/// The miscellaneous metrics read (the ones the YAML form names mbsec-*-rate), in MB/s.
std::optional<std::string> miscMetric(std::string_view description) {
  if (description == "read rate") return "read_rate";
  if (description == "write rate") return "write_rate";
  if (description == "read/write combined rate") return "readwrite_rate";
  return std::nullopt;
}

/// Reads the metrics table from the message texts of one process.
Result<Table> scanTable(const std::vector<std::string_view>& texts) {
  enum class State { kNone, kTable, kMisc } state = State::kNone;
  Table table;
  for (std::string_view text : texts) {
    const std::string_view t = trim(text);
    const auto w = words(t);
    if (t.starts_with("stressor") && t.find("bogo ops") != std::string_view::npos) {
      table.seen = true;
      state = State::kTable;
      continue;
    }
    if (state == State::kNone) continue;
    if (t == "miscellaneous metrics:") {
      state = State::kMisc;
      continue;
    }
    if (state == State::kTable && t.starts_with("(")) continue;  // the units line
    if (w.size() < 2 || !number(w[1])) {
      state = State::kNone;  // the table ended ("successful run completed in ...")
      continue;
    }
    if (state == State::kTable) {
      Row row{std::string(w[0]), {}};
      if (w.size() < 7) {
        return fail("stress-ng metrics row '" + std::string(t) + "' has " +
                    std::to_string(w.size() - 1) + " figures, expected 6");
      }
      for (std::size_t k = 0; k < 6; ++k) {
        auto v = number(w[k + 1]);
        if (!v) {
          return fail("stress-ng metrics row '" + std::string(t) + "': '" + std::string(w[k + 1]) +
                      "' is not a number");
        }
        row.figures[k] = *v;
      }
      table.rows.push_back(std::move(row));
      continue;
    }
    // Miscellaneous: "<stressor> <value> MB/sec <description> (geometic mean of N instances)".
    if (w.size() < 4 || w[2] != "MB/sec") continue;
    std::string description;
    for (std::size_t k = 3; k < w.size() && !w[k].starts_with("("); ++k) {
      description += (description.empty() ? "" : " ") + std::string(w[k]);
    }
    if (auto metric = miscMetric(description)) {
      table.misc.push_back(Misc{std::string(w[0]), *metric, *number(w[1])});
    }
  }
  return table;
}

/// Message texts grouped by pid, in order of each pid's first line (with that line's number).
struct Process {
  std::string pid;
  std::size_t line = 0;
  std::string text;
  std::vector<std::string_view> texts;
};

std::vector<Process> processes(std::string_view text) {
  std::vector<Process> out;
  std::map<std::string, std::size_t, std::less<>> index;
  forEachLine(text, [&](std::size_t n, std::string_view line) {
    auto m = message(line);
    if (!m) return;
    auto [it, fresh] = index.try_emplace(std::string(m->pid), out.size());
    if (fresh) out.push_back(Process{std::string(m->pid), n, {}, {}});
    Process& p = out[it->second];
    p.text.append(line).append(1, '\n');
    p.texts.push_back(m->text);
  });
  return out;
}

}  // namespace

bool looksLikeStressNgText(std::string_view text) {
  bool found = false;
  forEachLine(text, [&](std::size_t, std::string_view line) {
    if (!found && message(line)) found = true;
  });
  return found;
}

Result<std::vector<StressNgTextReport>> splitStressNgText(std::string_view text) {
  std::vector<StressNgTextReport> out;
  for (auto& p : processes(text)) {
    auto table = scanTable(p.texts);
    if (!table)
      return fail("stress-ng process " + p.pid + " (line " + std::to_string(p.line) +
                  "): " + table.error());
    if (!table->seen || table->rows.empty()) {
      return fail("stress-ng process " + p.pid + " (line " + std::to_string(p.line) +
                  ") printed no metrics table (did it fail, or run without --metrics-brief?)");
    }
    StressNgTextReport r{p.pid, p.line, std::move(p.text), {}};
    for (const auto& row : table->rows) r.stressors.push_back(row.stressor);
    out.push_back(std::move(r));
  }
  return out;
}

Result<Samples> parseStressNgText(std::string_view text) {
  auto procs = processes(text);
  std::vector<const Process*> withTable;
  Table table;
  for (const auto& p : procs) {
    auto t = scanTable(p.texts);
    if (!t) return fail(t.error());
    if (!t->seen) continue;
    withTable.push_back(&p);
    table = std::move(*t);
  }
  if (withTable.size() > 1) {
    std::string pids;
    for (const auto* p : withTable) pids += (pids.empty() ? "" : ", ") + p->pid;
    return fail("stress-ng output holds the metrics of " + std::to_string(withTable.size()) +
                " processes (pids " + pids + "); parse each report on its own");
  }
  if (withTable.empty() || table.rows.empty()) {
    return fail("stress-ng output has no metrics table (run it with --metrics-brief)");
  }
  static const std::array<std::pair<const char*, const char*>, 6> kColumns = {{
      {"bogo_ops", "bogo ops"},
      {"real_time", "s"},
      {"usr_time", "s"},
      {"sys_time", "s"},
      {"bogo_ops_per_second_real", "bogo ops/s"},
      {"bogo_ops_per_second_usr_sys", "bogo ops/s"},
  }};
  Samples out;
  for (const auto& row : table.rows) {
    for (std::size_t k = 0; k < kColumns.size(); ++k) {
      out.push_back(Sample{
          kColumns[k].first, row.figures[k], kColumns[k].second, {{"stressor", row.stressor}}});
    }
  }
  for (const auto& m : table.misc) {
    out.push_back(Sample{m.metric, m.value, "MB/s", {{"stressor", m.stressor}}});
  }
  return out;
}

}  // namespace cb::bench
