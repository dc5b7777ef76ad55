#include "bench/hpcc.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

namespace cb::bench {
namespace {

constexpr std::string_view kBeginSummary = "Begin of Summary section.";
constexpr std::string_view kEndSummary = "End of Summary section.";

// One line of hpccinf.txt: the value left-aligned in 13 columns, then its description.
std::string line(const std::string& value, const char* what) {
  std::string out = value;
  out.append(value.size() < 13 ? 13 - value.size() : 1, ' ');
  return out + what + "\n";
}

std::int64_t integer(const Params& p, const char* name, std::int64_t fallback) {
  auto it = p.find(name);
  if (it == p.end() || it->second.empty()) return fallback;
  return std::strtoll(it->second.c_str(), nullptr, 10);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Key=value pairs of the summary section, and which of its markers were found (without the end
// marker the values run to the end of the text).
struct Summary {
  bool begin = false;
  bool end = false;
  std::map<std::string, std::string, std::less<>> values;
};

Summary readSummary(std::string_view text) {
  Summary s;
  auto begin = text.find(kBeginSummary);
  if (begin == std::string_view::npos) return s;
  s.begin = true;
  auto body = text.substr(begin + kBeginSummary.size());
  auto end = body.find(kEndSummary);
  s.end = end != std::string_view::npos;
  if (s.end) body = body.substr(0, end);
  while (!body.empty()) {
    auto nl = body.find('\n');
    auto row = trim(body.substr(0, nl));
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    auto eq = row.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    s.values.emplace(std::string(trim(row.substr(0, eq))), std::string(trim(row.substr(eq + 1))));
  }
  return s;
}

std::optional<double> number(const Summary& s, std::string_view key) {
  auto it = s.values.find(key);
  if (it == s.values.end() || it->second.empty()) return std::nullopt;
  char* stop = nullptr;
  double v = std::strtod(it->second.c_str(), &stop);
  if (stop != it->second.c_str() + it->second.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

struct Figure {
  const char* key;     // HPCC summary key
  const char* metric;  // our snake_case name
  const char* unit;
  double scale;  // metric = value × scale
};

// The 13 figures of the manual study's tables, then the run's verdict and size.
constexpr Figure kFigures[] = {
    {"HPL_Tflops", "hpl_gflops", "Gflop/s", 1000.0},
    {"StarDGEMM_Gflops", "star_dgemm_gflops", "Gflop/s", 1.0},
    {"PTRANS_GBs", "ptrans_gbs", "GB/s", 1.0},
    {"MPIRandomAccess_GUPs", "mpi_random_access_gups", "GUP/s", 1.0},
    {"StarRandomAccess_GUPs", "star_random_access_gups", "GUP/s", 1.0},
    {"SingleRandomAccess_GUPs", "single_random_access_gups", "GUP/s", 1.0},
    {"MPIFFT_Gflops", "mpi_fft_gflops", "Gflop/s", 1.0},
    {"StarFFT_Gflops", "star_fft_gflops", "Gflop/s", 1.0},
    {"SingleFFT_Gflops", "single_fft_gflops", "Gflop/s", 1.0},
    {"StarSTREAM_Copy", "star_stream_copy_gbs", "GB/s", 1.0},
    {"SingleSTREAM_Copy", "single_stream_copy_gbs", "GB/s", 1.0},
    {"StarSTREAM_Triad", "star_stream_triad_gbs", "GB/s", 1.0},
    {"SingleSTREAM_Triad", "single_stream_triad_gbs", "GB/s", 1.0},
    {"Success", "success", "bool", 1.0},
    {"CommWorldProcs", "comm_world_procs", "processes", 1.0},
};

}  // namespace

std::string makeHpccInf(const HpccParams& p) {
  std::string out;
  out += "HPLinpack benchmark input file\n";
  out += "Innovative Computing Laboratory, University of Tennessee\n";
  out += line("HPL.out", "output file name (if any)");
  out += line("8", "device out (6=stdout,7=stderr,file)");
  out += line("1", "# of problems sizes (N)");
  out += line(std::to_string(p.n), "Ns");
  out += line("1", "# of NBs");
  out += line(std::to_string(p.nb), "NBs");
  out += line("0", "PMAP process mapping (0=Row-,1=Column-major)");
  out += line("1", "# of process grids (P x Q)");
  out += line(std::to_string(p.p), "Ps");
  out += line(std::to_string(p.q), "Qs");
  out += line("16.0", "threshold");
  out += line("1", "# of panel fact");
  out += line("2", "PFACTs (0=left, 1=Crout, 2=Right)");
  out += line("1", "# of recursive stopping criterium");
  out += line("4", "NBMINs (>= 1)");
  out += line("1", "# of panels in recursion");
  out += line("2", "NDIVs");
  out += line("1", "# of recursive panel fact.");
  out += line("1", "RFACTs (0=left, 1=Crout, 2=Right)");
  out += line("1", "# of broadcast");
  out += line("1", "BCASTs (0=1rg,1=1rM,2=2rg,3=2rM,4=Lng,5=LnM)");
  out += line("1", "# of lookahead depth");
  out += line("1", "DEPTHs (>=0)");
  out += line("2", "SWAP (0=bin-exch,1=long,2=mix)");
  out += line("64", "swapping threshold");
  out += line("0", "L1 in (0=transposed,1=no-transposed) form");
  out += line("0", "U  in (0=transposed,1=no-transposed) form");
  out += line("1", "Equilibration (0=no,1=yes)");
  out += line("8", "memory alignment in double (> 0)");
  // Line 32 is a separator HPCC skips; the PTRANS lines after it add no extra sizes.
  out += "##### This line (no. 32) is ignored (it serves as a separator). ######\n";
  out += "0                      \t\tNumber of additional problem sizes for PTRANS\n";
  out += "1200 10000 30000        \tvalues of N\n";
  out += "0                       \tnumber of additional blocking sizes for PTRANS\n";
  out += "40 9 8 13 13 20 16 32 64       \tvalues of NB\n";
  return out;
}

std::pair<std::int64_t, std::int64_t> chooseProcessGrid(std::int64_t procs) {
  procs = std::max<std::int64_t>(procs, 1);
  std::int64_t p = 1;
  for (std::int64_t d = 1; d * d <= procs; ++d) {
    if (procs % d == 0) p = d;
  }
  return {p, procs / p};
}

std::int64_t chooseProblemSize(std::uint64_t memBytes, std::int64_t nb, std::int64_t minBlocks,
                               double fraction) {
  nb = std::max<std::int64_t>(nb, 1);
  auto root = std::sqrt(fraction * static_cast<double>(memBytes) / 8.0);
  auto n = static_cast<std::int64_t>(root) / nb * nb;
  return std::max(n, nb * std::max<std::int64_t>(minBlocks, 1));
}

HpccParams chooseHpccParams(std::uint64_t memBytes, std::int64_t procs, std::int64_t nb) {
  HpccParams out;
  out.nb = std::max<std::int64_t>(nb, 1);
  std::tie(out.p, out.q) = chooseProcessGrid(procs);
  out.n = chooseProblemSize(memBytes, out.nb, std::max(out.p, out.q));
  return out;
}

HpccParams resolveHpccParams(const Params& params) {
  auto procs = std::max<std::int64_t>(integer(params, "procs", 1), 1);
  auto memMb = std::max<std::int64_t>(integer(params, "mem-mb", 1024), 1);
  HpccParams out;
  out.nb = std::max<std::int64_t>(integer(params, "nb", kHpccDefaultNb), 1);
  std::tie(out.p, out.q) = chooseProcessGrid(procs);
  auto p = integer(params, "p", 0);
  auto q = integer(params, "q", 0);
  if (p > 0 || q > 0) {
    out.p = p > 0 ? p : std::max<std::int64_t>(procs / q, 1);
    out.q = q > 0 ? q : std::max<std::int64_t>(procs / p, 1);
  }
  auto n = integer(params, "n", 0);
  out.n = n > 0 ? n
                : chooseProblemSize(static_cast<std::uint64_t>(memMb) << 20, out.nb,
                                    std::max(out.p, out.q));
  return out;
}

std::vector<ParamSpec> Hpcc::params() const {
  return {
      {"procs", "MPI processes (mpirun -np)", "2", 1, 4096, {}},
      {"mem-mb", "MiB the whole job may use; sizes N when n=0", "1024", 16, 1 << 24, {}},
      {"n", "HPL N; 0 = largest multiple of nb filling 20% of mem-mb", "0", 0, 1'000'000, {}},
      {"nb", "HPL block size NB", std::to_string(kHpccDefaultNb), 1, 4096, {}},
      {"p", "grid rows P; 0 = squarest P x Q = procs (or procs / q)", "0", 0, 4096, {}},
      {"q", "grid columns Q; 0 = squarest P x Q = procs (or procs / p)", "0", 0, 4096, {}},
  };
}

std::chrono::milliseconds Hpcc::defaultTimeout() const {
  return std::chrono::minutes(30);
}

std::vector<std::string> Hpcc::build(const Params& params) const {
  auto procs = params.count("procs") ? params.at("procs") : std::string("1");
  return {"mpirun", "--oversubscribe", "-np", procs, "hpcc"};
}

Invocation Hpcc::invocation(const Params& params) const {
  Invocation inv;
  inv.steps.push_back(Command{build(params)});
  inv.files["hpccinf.txt"] = makeHpccInf(resolveHpccParams(params));
  inv.outputFile = "hpccoutf.txt";
  inv.mpiUser = true;
  return inv;
}

bool Hpcc::recognizes(const std::string& output) const {
  return output.find("HPC Challenge Benchmark") != std::string::npos &&
         output.find(kBeginSummary) != std::string::npos;
}

Result<Samples> Hpcc::parse(const std::string& output, const Params&) const {
  return parseHpccSummary(output);
}

Result<Samples> parseHpccSummary(const std::string& output) {
  auto summary = readSummary(output);
  if (!summary.begin) return fail("hpcc output has no '" + std::string(kBeginSummary) + "' line");
  if (!summary.end) {
    return fail("hpcc output is truncated: no '" + std::string(kEndSummary) + "' line");
  }
  std::string missing;
  std::map<std::string, std::string> labels;
  for (const auto& [key, label] : {std::pair{"HPL_N", "n"}, std::pair{"HPL_NB", "nb"},
                                   std::pair{"HPL_nprow", "p"}, std::pair{"HPL_npcol", "q"}}) {
    if (auto it = summary.values.find(key); it != summary.values.end()) {
      labels[label] = it->second;
    }
  }
  Samples out;
  for (const auto& f : kFigures) {
    auto v = number(summary, f.key);
    if (!v) {
      missing += (missing.empty() ? "" : ", ") + std::string(f.key);
      continue;
    }
    out.push_back(Sample{f.metric, *v * f.scale, f.unit, labels});
  }
  if (!missing.empty()) return fail("hpcc summary has no numeric " + missing);
  return out;
}

}  // namespace cb::bench
