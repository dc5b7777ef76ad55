#include "lab/process_tree.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "lab/detached_process.hpp"

namespace cb::lab {

std::vector<int> descendantsOf(int root) {
  std::multimap<int, int> children;  // ppid -> pid
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc", ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(it->path() / "stat");
    std::string stat(std::istreambuf_iterator<char>(in), {});
    auto close = stat.rfind(')');
    if (close == std::string::npos || close + 4 >= stat.size()) continue;
    // "<state> <ppid> ..." follows ") ".
    int ppid = std::atoi(stat.c_str() + close + 4);
    children.emplace(ppid, std::stoi(name));
  }
  std::vector<int> out;
  std::vector<int> todo{root};
  while (!todo.empty() && out.size() < 100000) {
    int p = todo.back();
    todo.pop_back();
    auto [lo, hi] = children.equal_range(p);
    for (auto it = lo; it != hi; ++it) {
      out.push_back(it->second);
      todo.push_back(it->second);
    }
  }
  return out;
}

Status stopTree(int pid, const std::string& needle, std::chrono::milliseconds grace) {
  if (!isRunning(pid)) return okStatus();
  if (!needle.empty() && !commandLineContains(pid, needle)) return okStatus();  // pid reused
  ::kill(pid, SIGTERM);
  if (waitForExit(pid, grace)) return okStatus();
  for (int child : descendantsOf(pid)) ::kill(child, SIGKILL);
  ::kill(pid, SIGKILL);
  if (waitForExit(pid, std::chrono::seconds(10))) return okStatus();
  return fail("process " + std::to_string(pid) + " (" + needle + ") survived SIGKILL");
}

}  // namespace cb::lab
