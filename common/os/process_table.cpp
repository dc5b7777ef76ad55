#include "os/process_table.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cb::os {
namespace fs = std::filesystem;

Result<ProcStat> parseProcStat(std::string_view text) {
  // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime
  //  stime cutime cstime priority nice num_threads itrealvalue starttime ..."
  auto open = text.find(" (");
  auto close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return fail("not a /proc stat line: no (command)");
  }
  ProcStat s;
  auto [p, ec] = std::from_chars(text.data(), text.data() + open, s.pid);
  if (ec != std::errc() || p != text.data() + open) return fail("not a /proc stat line: bad pid");
  std::istringstream rest{std::string(text.substr(close + 1))};
  std::vector<std::string> fields;  // fields[0] is field 3 (state)
  for (std::string f; fields.size() < 20 && rest >> f;) fields.push_back(f);
  if (fields.size() < 20 || fields[0].size() != 1) {
    return fail("not a /proc stat line: too few fields");
  }
  auto number = [&](std::size_t i, auto& out) {
    const auto& f = fields[i];
    auto r = std::from_chars(f.data(), f.data() + f.size(), out);
    return r.ec == std::errc() && r.ptr == f.data() + f.size();
  };
  s.state = fields[0][0];
  if (!number(1, s.ppid) || !number(2, s.pgrp) || !number(3, s.session) ||
      !number(19, s.startTicks)) {
    return fail("not a /proc stat line: bad number");
  }
  return s;
}

namespace {

std::optional<std::string> slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

/// SIGKILL to `target` (a pid, or minus a group id) named "`what` `id`" in errors; ids 0 and 1
/// (the caller's group, init) are refused.
Status sigkill(pid_t target, const char* what, int id) {
  if (id <= 1) return fail(std::string("refusing to kill ") + what + " " + std::to_string(id));
  if (::kill(target, SIGKILL) != 0) {
    return fail(std::string("cannot kill ") + what + " " + std::to_string(id) + ": " +
                std::strerror(errno));
  }
  return okStatus();
}

class ProcfsTable : public ProcessTable {
 public:
  explicit ProcfsTable(fs::path root) : root_(std::move(root)) {}

  std::vector<ProcStat> list() override {
    std::vector<ProcStat> out;
    std::error_code ec;
    for (fs::directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      int pid = 0;
      auto r = std::from_chars(name.data(), name.data() + name.size(), pid);
      if (r.ec != std::errc() || r.ptr != name.data() + name.size()) continue;
      if (auto s = stat(pid)) out.push_back(*s);
    }
    return out;
  }

  std::optional<ProcStat> stat(int pid) override {
    auto text = slurp(root_ / std::to_string(pid) / "stat");
    if (!text) return std::nullopt;
    auto s = parseProcStat(*text);
    if (!s) return std::nullopt;
    return *s;
  }

  std::optional<std::vector<std::string>> environment(int pid) override {
    auto text = slurp(root_ / std::to_string(pid) / "environ");
    if (!text) return std::nullopt;
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text->size()) {
      auto end = text->find('\0', pos);
      if (end == std::string::npos) end = text->size();
      if (end > pos) out.push_back(text->substr(pos, end - pos));
      pos = end + 1;
    }
    return out;
  }

  std::string bootId() override {
    auto text = slurp(root_ / "sys/kernel/random/boot_id").value_or("");
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
  }

  Status killGroup(int pgid) override { return sigkill(-pgid, "process group", pgid); }

  Status killProcess(int pid) override { return sigkill(pid, "process", pid); }

  bool reap(int pid) override {
    int status = 0;
    return pid > 0 && ::waitpid(pid, &status, WNOHANG) == pid;
  }

 private:
  fs::path root_;
};

}  // namespace

std::unique_ptr<ProcessTable> makeProcessTable(const fs::path& procRoot) {
  return std::make_unique<ProcfsTable>(procRoot);
}

Status becomeChildSubreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    return fail(std::string("cannot become a child subreaper: ") + std::strerror(errno));
  }
  return okStatus();
}

}  // namespace cb::os
