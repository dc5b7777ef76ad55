#include "report/family.hpp"

#include <array>
#include <string_view>

namespace cb::report {
namespace {

struct Family {
  std::string_view prefix;  // the benchmark name, or its start up to a '-'
  std::string_view title;
};

constexpr std::array kFamilies = {
    Family{"hpcc", "HPCC"},
    Family{"stress-ng", "stress-ng"},
    Family{"sysbench", "sysbench"},
    Family{"iperf3", "iperf3 (network)"},
    Family{"iozone", "iozone (disk)"},
    Family{"fio", "fio (disk)"},
};

}  // namespace

std::string familyOf(const std::string& benchmark) {
  for (const Family& f : kFamilies) {
    if (benchmark == f.prefix ||
        (benchmark.size() > f.prefix.size() && benchmark.starts_with(f.prefix) &&
         benchmark[f.prefix.size()] == '-')) {
      return std::string(f.prefix);
    }
  }
  return benchmark;
}

int familyRank(const std::string& family) {
  for (std::size_t i = 0; i < kFamilies.size(); ++i) {
    if (kFamilies[i].prefix == family) return static_cast<int>(i);
  }
  return static_cast<int>(kFamilies.size());
}

std::string familyTitle(const std::string& family) {
  for (const Family& f : kFamilies) {
    if (f.prefix == family) return std::string(f.title);
  }
  return family;
}

bool familyIsPerNode(const std::string& family) {
  return family == "iperf3";
}

}  // namespace cb::report
