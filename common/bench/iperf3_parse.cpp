#include "bench/iperf3_parse.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cb::bench {
namespace {

using Json = nlohmann::json;
using Labels = std::map<std::string, std::string>;

constexpr std::string_view kTextError = "iperf3: error - ";

Labels makeLabels(bool reverse, std::int64_t streams) {
  return {{"direction", reverse ? "download" : "upload"}, {"streams", std::to_string(streams)}};
}

// The number at `path` (object keys) under `root`, or nullopt.
std::optional<double> jsonNumber(const Json& root, std::initializer_list<const char*> path) {
  const Json* at = &root;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return std::nullopt;
    at = &(*at)[key];
  }
  if (!at->is_number()) return std::nullopt;
  return at->get<double>();
}

std::optional<double> toDouble(const std::string& word) {
  if (word.empty()) return std::nullopt;
  char* stop = nullptr;
  double v = std::strtod(word.c_str(), &stop);
  if (stop != word.c_str() + word.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// bits/s per unit of iperf3's rate column (decimal prefixes, as iperf3 prints rates).
std::optional<double> rateScale(const std::string& unit) {
  static const std::map<std::string, double> kScale = {{"bits/sec", 1.0},
                                                       {"Kbits/sec", 1e3},
                                                       {"Mbits/sec", 1e6},
                                                       {"Gbits/sec", 1e9},
                                                       {"Tbits/sec", 1e12}};
  auto it = kScale.find(unit);
  if (it == kScale.end()) return std::nullopt;
  return it->second;
}

// One end-of-test summary line: "[ ID] 0.00-2.00 sec 5.41 GBytes 23.2 Gbits/sec [retr] sender".
struct SummaryLine {
  std::string id;  // "SUM" or the stream's socket number
  bool sender = false;
  double bitsPerSecond = 0;
  std::optional<double> retransmits;
};

// nullopt for anything that is not a summary line (interval lines, headers, other text).
std::optional<SummaryLine> readSummaryLine(std::string_view row) {
  if (row.empty() || row.front() != '[') return std::nullopt;
  auto close = row.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  SummaryLine out;
  std::istringstream idIn{std::string(row.substr(1, close - 1))};
  idIn >> out.id;
  std::istringstream in{std::string(row.substr(close + 1))};
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  // interval, "sec", transfer, transfer unit, rate, rate unit, [retransmits], role
  if (words.size() != 7 && words.size() != 8) return std::nullopt;
  if (words.back() != "sender" && words.back() != "receiver") return std::nullopt;
  out.sender = words.back() == "sender";
  auto rate = toDouble(words[4]);
  auto scale = rateScale(words[5]);
  if (words[1] != "sec" || !rate || !scale) return std::nullopt;
  out.bitsPerSecond = *rate * *scale;
  if (words.size() == 8) {
    out.retransmits = toDouble(words[6]);
    if (!out.retransmits) return std::nullopt;
  }
  return out;
}

// The number right after `key` and the word that follows it ("local/sender 30.4%" -> 30.4).
std::optional<double> percentAfter(std::string_view text, std::string_view key) {
  auto pos = text.find(key);
  if (pos == std::string_view::npos) return std::nullopt;
  auto blank = text.find(' ', pos + key.size());
  if (blank == std::string_view::npos) return std::nullopt;
  auto start = blank + 1;
  auto end = text.find('%', start);
  if (end == std::string_view::npos) return std::nullopt;
  return toDouble(std::string(text.substr(start, end - start)));
}

}  // namespace

Result<Samples> parseIperf3Json(const std::string& output) {
  Json doc = Json::parse(output.begin(), output.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail("iperf3 JSON output does not parse (truncated?)");
  }
  if (doc.contains("error") && doc["error"].is_string()) {
    return fail("iperf3 reported: " + doc["error"].get<std::string>());
  }
  auto reverse = jsonNumber(doc, {"start", "test_start", "reverse"});
  if (!reverse) return fail("iperf3 JSON has no start.test_start.reverse");
  auto streams = jsonNumber(doc, {"start", "test_start", "num_streams"});
  if (!streams) return fail("iperf3 JSON has no start.test_start.num_streams");
  auto sent = jsonNumber(doc, {"end", "sum_sent", "bits_per_second"});
  if (!sent) return fail("iperf3 JSON has no end.sum_sent.bits_per_second");
  auto received = jsonNumber(doc, {"end", "sum_received", "bits_per_second"});
  if (!received) return fail("iperf3 JSON has no end.sum_received.bits_per_second");

  auto labels = makeLabels(*reverse != 0, static_cast<std::int64_t>(*streams));
  Samples out{{"sent_bits_per_second", *sent, "bit/s", labels},
              {"received_bits_per_second", *received, "bit/s", labels}};
  if (auto r = jsonNumber(doc, {"end", "sum_sent", "retransmits"})) {
    out.push_back({"retransmits", *r, "count", labels});
  }
  if (auto host = jsonNumber(doc, {"end", "cpu_utilization_percent", "host_total"})) {
    out.push_back({"cpu_utilization_host", *host, "%", labels});
  }
  if (auto remote = jsonNumber(doc, {"end", "cpu_utilization_percent", "remote_total"})) {
    out.push_back({"cpu_utilization_remote", *remote, "%", labels});
  }
  return out;
}

Result<Samples> parseIperf3Text(const std::string& output) {
  if (auto pos = output.find(kTextError); pos != std::string::npos) {
    auto start = pos + kTextError.size();
    auto end = output.find('\n', start);
    return fail("iperf3 reported: " +
                output.substr(start, end == std::string::npos ? std::string::npos : end - start));
  }
  if (output.find("Connecting to host ") == std::string::npos) {
    return fail("iperf3 output has no 'Connecting to host' line (not iperf3 client output?)");
  }
  bool reverse = output.find("Reverse mode, remote host ") != std::string::npos;

  std::int64_t streams = 0;  // "[  5] local A port P connected to B port Q", one per stream
  std::optional<SummaryLine> sumSender, sumReceiver, streamSender, streamReceiver;
  std::string cpuLine;
  std::istringstream in(output);
  for (std::string row; std::getline(in, row);) {
    if (row.rfind("CPU Utilization: ", 0) == 0) cpuLine = row;
    if (!row.empty() && row.front() == '[' && row.find("] local ") != std::string::npos &&
        row.find(" connected to ") != std::string::npos) {
      ++streams;
    }
    auto line = readSummaryLine(row);
    if (!line) continue;
    auto& slot = line->id == "SUM" ? (line->sender ? sumSender : sumReceiver)
                                   : (line->sender ? streamSender : streamReceiver);
    slot = line;
  }
  if (streams == 0) return fail("iperf3 output has no 'connected to' line for any stream");
  // With one stream iperf3 prints no [SUM] lines: the stream's own lines are the totals.
  const auto& sender = streams == 1 ? streamSender : sumSender;
  const auto& receiver = streams == 1 ? streamReceiver : sumReceiver;
  const char* which = streams == 1 ? "" : "[SUM] ";
  if (!sender) {
    return fail(std::string("iperf3 output has no ") + which +
                "summary 'sender' line (truncated?)");
  }
  if (!receiver) {
    return fail(std::string("iperf3 output has no ") + which +
                "summary 'receiver' line (truncated?)");
  }

  auto labels = makeLabels(reverse, streams);
  Samples out{{"sent_bits_per_second", sender->bitsPerSecond, "bit/s", labels},
              {"received_bits_per_second", receiver->bitsPerSecond, "bit/s", labels}};
  if (sender->retransmits) out.push_back({"retransmits", *sender->retransmits, "count", labels});
  // -V only: "CPU Utilization: local/sender 30.4% (...), remote/receiver 60.4% (...)".
  if (auto host = percentAfter(cpuLine, "local/")) {
    out.push_back({"cpu_utilization_host", *host, "%", labels});
  }
  if (auto remote = percentAfter(cpuLine, "remote/")) {
    out.push_back({"cpu_utilization_remote", *remote, "%", labels});
  }
  return out;
}

Result<Samples> parseIperf3Client(const std::string& output) {
  auto first = output.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && output[first] == '{') return parseIperf3Json(output);
  return parseIperf3Text(output);
}

}  // namespace cb::bench
