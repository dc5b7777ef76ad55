#include "bench/fio.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace cb::bench {
namespace {

using Json = nlohmann::json;
using Labels = std::map<std::string, std::string>;

const Json* member(const Json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<double> numberAt(const Json& object, const std::string& key) {
  const Json* m = member(object, key);
  if (m == nullptr || !m->is_number()) return std::nullopt;
  return m->get<double>();
}

std::optional<std::string> textAt(const Json& object, const std::string& key) {
  const Json* m = member(object, key);
  if (m == nullptr || !m->is_string()) return std::nullopt;
  return m->get<std::string>();
}

/// The JSON object in fio's stdout: from the first line that opens with '{' to the last '}'.
/// fio prints notes (e.g. the iodepth cap of synchronous engines) before it.
std::optional<std::string_view> jsonPart(std::string_view output) {
  std::size_t pos = 0;
  while (pos < output.size()) {
    std::size_t first = output.find_first_not_of(" \t\r", pos);
    if (first != std::string_view::npos && output[first] == '{') {
      std::size_t end = output.rfind('}');
      if (end == std::string_view::npos || end < first) return std::nullopt;
      return output.substr(first, end - first + 1);
    }
    std::size_t nl = output.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return std::nullopt;
}

/// Appends the samples of one direction ("read"/"write") of one job; a direction that moved no
/// data adds nothing.
Status addDirection(const Json& job, const std::string& direction, const std::string& what,
                    Labels labels, Samples& out) {
  const std::string where = what + " " + direction;
  const Json* d = member(job, direction);
  if (d == nullptr || !d->is_object()) return fail(what + " has no '" + direction + "' section");
  auto bytes = numberAt(*d, "io_bytes");
  if (!bytes) return fail(where + " has no 'io_bytes'");
  if (*bytes <= 0) return okStatus();
  auto iops = numberAt(*d, "iops");
  if (!iops) return fail(where + " has no 'iops'");
  auto bwBytes = numberAt(*d, "bw_bytes");
  if (!bwBytes) return fail(where + " has no 'bw_bytes'");
  const Json* lat = member(*d, "lat_ns");
  auto latMean = lat != nullptr ? numberAt(*lat, "mean") : std::nullopt;
  if (!latMean) return fail(where + " has no 'lat_ns' mean");
  const Json* clat = member(*d, "clat_ns");
  const Json* pct = clat != nullptr ? member(*clat, "percentile") : nullptr;
  if (pct == nullptr) return fail(where + " has no 'clat_ns' percentiles");

  labels["direction"] = direction;
  out.push_back(Sample{"iops", *iops, "ops/s", labels});
  out.push_back(Sample{"bandwidth", *bwBytes / (1024.0 * 1024.0), "MiB/s", labels});
  out.push_back(Sample{"latency_mean", *latMean / 1000.0, "us", labels});
  struct Percentile {
    const char* key;
    const char* metric;
  };
  static const Percentile kPercentiles[] = {
      {"50.000000", "clat_p50"}, {"95.000000", "clat_p95"}, {"99.000000", "clat_p99"}};
  for (const auto& p : kPercentiles) {
    auto v = numberAt(*pct, p.key);
    if (!v) return fail(where + " has no clat percentile " + p.key);
    out.push_back(Sample{p.metric, *v / 1000.0, "us", labels});
  }
  return okStatus();
}

/// rw/bs labels: the job's own options first (they are what ran), then the parameters.
void addOptionLabel(const Json& job, const Params& params, const std::string& label,
                    const std::string& alias, Labels& labels) {
  if (const Json* opts = member(job, "job options")) {
    for (const auto& key : {label, alias}) {
      if (auto v = textAt(*opts, key)) {
        labels[label] = *v;
        return;
      }
    }
  }
  if (auto it = params.find(label); it != params.end()) labels[label] = it->second;
}

}  // namespace

std::vector<ParamSpec> Fio::params() const {
  return {
      {"rw",
       "I/O pattern",
       "randread",
       0,
       0,
       {"read", "write", "randread", "randwrite", "randrw", "readwrite"}},
      {"bs",
       "block size",
       "4k",
       0,
       0,
       {"512", "1k", "2k", "4k", "8k", "16k", "32k", "64k", "128k", "256k", "512k", "1m", "2m",
        "4m", "8m", "16m"}},
      {"size", "file size per job in MiB", "256", 1, 1024 * 1024, {}},
      {"numjobs", "parallel jobs (results aggregated)", "1", 1, 64, {}},
      {"iodepth", "I/Os in flight per job (synchronous psync caps it at 1)", "16", 1, 1024, {}},
      {"runtime", "upper bound of the run time in seconds", "30", 1, 3600, {}},
      {"time_based", "1: run for the whole runtime, repeating the file", "0", 0, 1, {}},
      {"ioengine", "I/O engine", "libaio", 0, 0, {"psync", "libaio", "io_uring"}},
      {"direct", "1: O_DIRECT (bypass the page cache)", "1", 0, 1, {}},
  };
}

std::chrono::milliseconds Fio::defaultTimeout() const {
  return std::chrono::minutes(10);
}

std::vector<std::string> Fio::build(const Params& p) const {
  std::vector<std::string> argv = {"fio",
                                   "--name=cb",
                                   "--directory=.",
                                   "--rw=" + p.at("rw"),
                                   "--bs=" + p.at("bs"),
                                   "--size=" + p.at("size") + "m",
                                   "--numjobs=" + p.at("numjobs"),
                                   "--iodepth=" + p.at("iodepth"),
                                   "--runtime=" + p.at("runtime"),
                                   "--ioengine=" + p.at("ioengine"),
                                   "--direct=" + p.at("direct"),
                                   "--group_reporting"};
  if (p.at("time_based") == "1") argv.push_back("--time_based");
  argv.push_back("--output-format=json");
  return argv;
}

bool Fio::recognizes(const std::string& output) const {
  return output.find("\"fio version\"") != std::string::npos &&
         output.find("\"jobs\"") != std::string::npos;
}

Result<Samples> Fio::parse(const std::string& output, const Params& params) const {
  auto text = jsonPart(output);
  if (!text) return fail("fio output has no JSON object (was it run with --output-format=json?)");
  Json doc = Json::parse(text->begin(), text->end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("fio JSON output does not parse (truncated?)");
  const Json* jobs = member(doc, "jobs");
  if (jobs == nullptr || !jobs->is_array()) return fail("fio JSON output has no 'jobs' array");
  if (jobs->empty()) return fail("fio JSON output has an empty 'jobs' array");

  std::map<std::string, int> nameCount;
  for (const auto& job : *jobs) nameCount[textAt(job, "jobname").value_or("")]++;
  std::map<std::string, int> nameSeen;

  Samples out;
  for (const auto& job : *jobs) {
    auto name = textAt(job, "jobname");
    if (!name) return fail("fio job has no 'jobname'");
    std::string label = *name;
    if (nameCount[*name] > 1) label += "." + std::to_string(nameSeen[*name]++);
    const std::string what = "fio job '" + label + "'";
    auto error = numberAt(job, "error");
    if (!error) return fail(what + " has no 'error' field");
    if (*error != 0) return fail(what + " failed with error " + std::to_string(int(*error)));

    Labels labels{{"job", label}};
    addOptionLabel(job, params, "rw", "readwrite", labels);
    addOptionLabel(job, params, "bs", "blocksize", labels);
    for (const char* direction : {"read", "write"}) {
      if (auto s = addDirection(job, direction, what, labels, out); !s) return fail(s.error());
    }
  }
  if (out.empty()) return fail("fio output has no job that read or wrote any data");
  return out;
}

}  // namespace cb::bench
