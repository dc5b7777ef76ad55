#include "fill_store.hpp"

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench/catalog.hpp"
#include "import/saved_outputs.hpp"
#include "report/direction.hpp"

namespace cb::benchreport {
namespace {

/// One step of the mix: a fixture and how a container compares with a VM on it (a factor on
/// every value, as in the seeds' tables: network and disk much faster, CPU about the same).
struct Step {
  const char* file;
  double containerFactor;
};

constexpr Step kSteps[] = {
    {"hpcc/hpccoutf_np2_n1000_nb80_p1_q2.txt", 1.05},
    {"sysbench_cpu_t1_p20000.txt", 0.98},
    {"sysbench/memory_write_seq_t1.txt", 2.1},
    {"sysbench/fileio_rndrw_t2.txt", 3.0},
    {"stress-ng/cpu_2.yaml", 1.2},
    {"stress-ng/vm_2_512m.yaml", 1.25},
    {"stress-ng/hdd_2_64k.yaml", 2.2},
    {"iperf3/client_p2.json", 30},
    {"iperf3/client_p2_reverse.json", 30},
    {"fio/randread_numjobs2.json", 2.5},
    {"iozone/auto_all_n64k_g1m_y4k_q64k.txt", 2.4},
};

struct Parsed {
  std::string tool;
  std::string raw;
  bench::Samples samples;
  double containerFactor;
};

}  // namespace

Result<FillFigures> fillStore(store::Store& store, const FillOptions& o) {
  const auto catalog = bench::makeDefaultCatalog();
  std::vector<Parsed> steps;
  for (const Step& step : kSteps) {
    const std::string path = (o.dataDir / step.file).string();
    auto text = imports::readSavedOutputFile(path);
    if (!text) return Error{text.error()};
    auto out = imports::parseSavedOutput(catalog, path, *text, "");
    if (!out) return Error{out.error()};
    steps.push_back({out->tool, std::move(*text), std::move(out->samples), step.containerFactor});
  }

  std::mt19937 rng(o.seed);
  std::normal_distribution<double> jitter(1.0, 0.03);
  FillFigures f;
  const char* environments[] = {"vm", "container"};
  for (int repetition = 1; f.samples < o.targetSamples; ++repetition) {
    for (const Parsed& step : steps) {
      for (const char* env : environments) {
        const bool vm = std::string(env) == "vm";
        nlohmann::json labels = {{"suite", "bench-report"},
                                 {"step", step.tool},
                                 {"repetition", repetition},
                                 {"environment", env},
                                 {"virt_tech", vm ? "kvm" : "podman"}};
        const store::TimeMs started = 1700000000000 + static_cast<store::TimeMs>(f.runs) * 1000;
        auto run = store.createRun(step.tool, "{}", started, labels.dump());
        if (!run) return Error{run.error()};
        ++f.runs;
        for (std::size_t n = 0; n < o.nodesPerEnvironment; ++n) {
          const std::string host =
              std::string(vm ? "vm-node0" : "ct-node0") + std::to_string(n + 1);
          store::ResultRecord r;
          r.runId = *run;
          r.taskId = std::to_string(*run) + "-" + host;
          r.nodeId = "id-" + host;
          r.hostname = host;
          r.environment = env;
          r.status = "succeeded";
          r.command = {step.tool};
          r.rawOutput = step.raw;
          r.finishedAt = started + 500;
          const double nodeJitter = jitter(rng);
          r.samples = step.samples;
          for (auto& s : r.samples) {
            // Faster is a higher rate but a lower latency.
            const bool lower = report::betterDirection(s.metric, s.unit) == report::Better::kLower;
            const double env = vm ? 1.0 : lower ? 1 / step.containerFactor : step.containerFactor;
            s.value *= env * nodeJitter * jitter(rng);
          }
          f.samples += r.samples.size();
          auto added = store.addResult(r);
          if (!added) return Error{added.error()};
          ++f.results;
        }
        if (auto s = store.finishRun(*run, "succeeded", started + 900); !s) return Error{s.error()};
      }
    }
  }
  return f;
}

}  // namespace cb::benchreport
