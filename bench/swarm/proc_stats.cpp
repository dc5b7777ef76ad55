#include "proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace cb::swarm {
namespace {

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::optional<std::uint64_t> toNumber(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint64_t> parseVmRssKb(std::string_view status) {
  constexpr std::string_view kKey = "VmRSS:";
  std::size_t at = 0;
  while (at < status.size()) {
    std::size_t eol = status.find('\n', at);
    if (eol == std::string_view::npos) eol = status.size();
    std::string_view line = status.substr(at, eol - at);
    if (line.substr(0, kKey.size()) == kKey) {
      line.remove_prefix(kKey.size());
      std::size_t digits = line.find_first_of("0123456789");
      if (digits == std::string_view::npos) return std::nullopt;
      return toNumber(line.substr(digits));
    }
    at = eol + 1;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> parseCpuTicks(std::string_view stat) {
  std::size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  // After ") " come field 3 (state), 4, ...; utime is field 14, stime field 15.
  std::string_view rest = stat.substr(close + 1);
  std::optional<std::uint64_t> utime, stime;
  int field = 2;
  std::size_t at = 0;
  while (at < rest.size() && field < 15) {
    while (at < rest.size() && rest[at] == ' ') ++at;
    std::size_t end = rest.find(' ', at);
    if (end == std::string_view::npos) end = rest.size();
    ++field;
    if (field == 14) utime = toNumber(rest.substr(at, end - at));
    if (field == 15) stime = toNumber(rest.substr(at, end - at));
    at = end;
  }
  if (!utime || !stime) return std::nullopt;
  return *utime + *stime;
}

Result<ProcStats> readProcStats(pid_t pid) {
  std::string dir = "/proc/" + std::to_string(pid);
  auto status = slurp(dir + "/status");
  auto stat = slurp(dir + "/stat");
  if (!status || !stat) return fail("cannot read " + dir + "/status or /stat (process gone?)");
  auto rss = parseVmRssKb(*status);
  if (!rss) return fail("no VmRSS in " + dir + "/status");
  auto ticks = parseCpuTicks(*stat);
  if (!ticks) return fail("cannot parse utime/stime in " + dir + "/stat");
  return ProcStats{*rss, static_cast<double>(*ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK))};
}

std::string loadAverage() {
  auto text = slurp("/proc/loadavg");
  if (!text) return "?";
  std::istringstream in(*text);
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double selfCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace cb::swarm
