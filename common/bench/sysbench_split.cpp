#include "bench/sysbench_split.hpp"

#include <array>
#include <cctype>

namespace cb::bench {
namespace {

struct Test {
  const char* name;
  std::string_view header;  // a line every report of this test prints before it starts
  std::string_view start;   // the first line of its figures
};

constexpr std::array<Test, 3> kTests = {{
    {"cpu", "Prime numbers limit:", "CPU speed:"},
    {"memory", "Running memory speed test", "Total operations:"},
    {"fileio", "Extra file open flags:", "File operations:"},
}};

std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

/// "sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)".
bool isBanner(std::string_view line) {
  constexpr std::string_view kName = "sysbench ";
  return line.starts_with(kName) && line.size() > kName.size() &&
         std::isdigit(static_cast<unsigned char>(line[kName.size()]));
}

}  // namespace

Result<std::vector<SysbenchBlock>> splitSysbenchBlocks(std::string_view text) {
  std::vector<SysbenchBlock> blocks;
  std::array<std::vector<std::size_t>, kTests.size()> headers;  // their line numbers
  std::array<std::size_t, kTests.size()> blockCount{};
  bool banner = false;
  bool open = false;  // the last block is still collecting lines
  std::size_t n = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view raw =
        text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
    text.remove_prefix(raw.size());
    std::string_view line =
        raw.substr(0, nl == std::string_view::npos ? raw.size() : raw.size() - 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++n;
    const std::string_view t = trimLeft(line);
    if (isBanner(line)) {
      banner = true;
      open = false;
      continue;
    }
    for (std::size_t k = 0; k < kTests.size(); ++k) {
      if (t.starts_with(kTests[k].header)) headers[k].push_back(n);
      if (t.starts_with(kTests[k].start)) {
        blocks.push_back(SysbenchBlock{kTests[k].name, n, {}});
        ++blockCount[k];
        open = true;
      }
    }
    if (open) blocks.back().text.append(raw);
  }
  if (!banner) return std::vector<SysbenchBlock>{};
  for (std::size_t k = 0; k < kTests.size(); ++k) {
    if (headers[k].size() > blockCount[k]) {
      return fail("sysbench " + std::string(kTests[k].name) + ": " +
                  std::to_string(headers[k].size()) + " runs start (line " +
                  std::to_string(headers[k].front()) + " on) but " + std::to_string(blockCount[k]) +
                  " report their figures: a process printed none (the run at line " +
                  std::to_string(headers[k][blockCount[k]]) + " or a later one)");
    }
  }
  return blocks;
}

}  // namespace cb::bench
