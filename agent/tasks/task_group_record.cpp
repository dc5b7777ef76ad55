#include "tasks/task_group_record.hpp"

#include <charconv>
#include <map>

namespace cb::agent {

std::string formatTaskGroupRecord(const TaskGroupRecord& r) {
  return "task=" + r.taskId + "\npgid=" + std::to_string(r.pgid) +
         "\nleader-start=" + std::to_string(r.leaderStartTicks) + "\nboot-id=" + r.bootId + "\n";
}

Result<TaskGroupRecord> parseTaskGroupRecord(std::string_view text) {
  std::map<std::string, std::string, std::less<>> values;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty()) continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return fail("bad line '" + std::string(line) + "'");
    values[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  auto get = [&](std::string_view key) -> Result<std::string> {
    auto it = values.find(key);
    if (it == values.end() || it->second.empty()) return fail("no " + std::string(key));
    return it->second;
  };
  auto number = [&](std::string_view key, auto& out) -> Status {
    auto text = get(key);
    if (!text) return fail(text.error());
    const auto& s = *text;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
      return fail("bad " + std::string(key) + " '" + s + "'");
    }
    return okStatus();
  };
  TaskGroupRecord record;
  auto task = get("task");
  if (!task) return fail(task.error());
  record.taskId = *task;
  if (auto s = number("pgid", record.pgid); !s) return fail(s.error());
  if (record.pgid <= 1) return fail("bad pgid " + std::to_string(record.pgid));
  if (auto s = number("leader-start", record.leaderStartTicks); !s) return fail(s.error());
  auto boot = get("boot-id");
  if (!boot) return fail(boot.error());
  record.bootId = *boot;
  return record;
}

}  // namespace cb::agent
