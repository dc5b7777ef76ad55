// clusterbench-bench-report: times the report over a store of about 100,000 samples (the query
// alone, then the query with the Markdown, HTML, CSV and JSON renderings, each counted rather
// than kept), several repetitions, printing min / median / max. Targets: 100,000 samples under
// one second for md and html (issue 5); 1,000,000 within 2 s and 300 MiB (issue 14).
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "counting_stream.hpp"
#include "fill_store.hpp"
#include "report/report.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Timing {
  std::vector<double> ms;     // wall clock
  std::vector<double> cpuMs;  // this process's CPU time (user + system)
  std::size_t bytes = 0;
};

double cpuNowMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void print(const char* what, const Timing& t) {
  std::printf("  %-24s wall min %7.1f median %7.1f max %7.1f ms, CPU median %7.1f ms", what,
              *std::min_element(t.ms.begin(), t.ms.end()), median(t.ms),
              *std::max_element(t.ms.begin(), t.ms.end()), median(t.cpuMs));
  if (t.bytes > 0) std::printf("   output %.1f KiB", static_cast<double>(t.bytes) / 1024);
  std::printf("\n");
}

/// Runs `fn` `repeats` times; fn returns the output size (0 for none).
Timing measure(int repeats, const std::function<std::size_t()>& fn) {
  Timing t;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    const double cpuStart = cpuNowMs();
    t.bytes = fn();
    t.cpuMs.push_back(cpuNowMs() - cpuStart);
    t.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Times `clusterbench report` over a generated results store."};
  cb::benchreport::FillOptions fill;
  fill.dataDir = CB_BENCH_DATA;
  int repeats = 5;
  bool keep = false;
  std::string dataDir = fill.dataDir.string();
  app.add_option("--samples", fill.targetSamples, "samples to store (at least)")
      ->capture_default_str();
  app.add_option("--nodes", fill.nodesPerEnvironment, "nodes per environment")
      ->capture_default_str();
  app.add_option("--repeats", repeats, "timed repetitions of each measurement")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--data", dataDir, "fixture directory (tests/data)")->capture_default_str();
  app.add_flag("--keep", keep, "keep the temporary state dir (results.db) and print its path");
  std::string existing;
  app.add_option("--store", existing, "time an existing results.db instead of filling a new one");
  CLI11_PARSE(app, argc, argv);
  fill.dataDir = dataDir;

  const fs::path dir =
      fs::temp_directory_path() / ("cb-bench-report-" + std::to_string(::getpid()));
  const fs::path db = existing.empty() ? dir / "results.db" : fs::path(existing);
  int rc = 0;
  if (existing.empty()) {
    fs::create_directories(dir);
    auto store = cb::store::Store::open(db);
    if (!store) {
      std::cerr << store.error() << "\n";
      return 1;
    }
    const auto start = Clock::now();
    auto figures = cb::benchreport::fillStore(**store, fill);
    if (!figures) {
      std::cerr << figures.error() << "\n";
      return 1;
    }
    const double fillMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    std::printf("store: %zu runs, %zu results, %zu samples, %.1f MiB; filled in %.0f ms\n",
                figures->runs, figures->results, figures->samples,
                static_cast<double>(fs::file_size(db)) / (1024 * 1024), fillMs);
  }

  if (std::ifstream load("/proc/loadavg"); load) {
    std::string one, five;
    load >> one >> five;
    std::printf("load average before timing: %s (1 min), %s (5 min)\n", one.c_str(), five.c_str());
  }
  auto reader = cb::store::Store::openReadOnly(db);
  if (!reader) {
    std::cerr << reader.error() << "\n";
    return 1;
  }
  cb::store::Store& store = **reader;
  std::printf("%d repetitions each (store opened read-only, like `clusterbench report`):\n",
              repeats);
  std::size_t rows = 0;
  print("query only (all rows)", measure(repeats, [&] {
          rows = 0;
          auto s = store.forEachReportRow({}, [&](const cb::store::ReportRow&) { ++rows; });
          if (!s) rc = 1;
          return std::size_t{0};
        }));
  print("query + statistics", measure(repeats, [&] {
          auto c = cb::report::buildComparison(store, {}, "environment");
          if (!c) rc = 1;
          return std::size_t{0};
        }));
  for (auto [name, format] : {std::pair{"md (query + render)", cb::report::Format::kMarkdown},
                              std::pair{"html (query + render)", cb::report::Format::kHtml},
                              std::pair{"csv (two queries)", cb::report::Format::kCsv},
                              std::pair{"json (query + rows)", cb::report::Format::kJson}}) {
    print(name, measure(repeats, [&, format = format] {
            cb::benchreport::CountingStream out;
            cb::report::ReportOptions o;
            o.format = format;
            if (auto s = cb::report::writeReport(store, o, out); !s) {
              std::cerr << s.error() << "\n";
              rc = 1;
            }
            return out.bytes();
          }));
  }
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  std::printf("rows per query: %zu; peak RSS %.1f MiB\n", rows,
              static_cast<double>(usage.ru_maxrss) / 1024);
  if (!existing.empty()) {
    // not ours to remove
  } else if (keep) {
    std::printf("kept %s\n", db.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return rc;
}
