#include "bench/saved_reports.hpp"

#include "bench/stress_ng_text.hpp"
#include "bench/sysbench_split.hpp"

namespace cb::bench {
namespace {

std::vector<SavedReport> whole(std::string_view output) {
  return {SavedReport{1, std::string(output)}};
}

/// One report per "Excel output is below:" line, each up to the next one.
std::vector<SavedReport> iozoneSections(std::string_view output) {
  constexpr std::string_view kMarker = "Excel output is below:";
  std::vector<SavedReport> out;
  std::size_t n = 0;
  while (!output.empty()) {
    const std::size_t nl = output.find('\n');
    const std::string_view raw =
        output.substr(0, nl == std::string_view::npos ? output.size() : nl + 1);
    output.remove_prefix(raw.size());
    ++n;
    if (raw.starts_with(kMarker)) out.push_back(SavedReport{n, {}});
    if (!out.empty()) out.back().text.append(raw);
  }
  return out;
}

}  // namespace

Result<std::vector<SavedReport>> splitReports(std::string_view output) {
  auto sysbench = splitSysbenchBlocks(output);
  if (!sysbench) return fail(sysbench.error());
  if (!sysbench->empty()) {
    if (sysbench->size() == 1) return whole(output);
    std::vector<SavedReport> out;
    for (auto& b : *sysbench) out.push_back(SavedReport{b.line, std::move(b.text)});
    return out;
  }
  if (output.find("stress-ng-version:") == std::string_view::npos &&
      looksLikeStressNgText(output)) {
    auto processes = splitStressNgText(output);
    if (!processes) return fail(processes.error());
    if (processes->size() <= 1) return whole(output);
    std::vector<SavedReport> out;
    for (auto& p : *processes) out.push_back(SavedReport{p.line, std::move(p.text)});
    return out;
  }
  auto sections = iozoneSections(output);
  if (sections.size() > 1) return sections;
  return whole(output);
}

}  // namespace cb::bench
