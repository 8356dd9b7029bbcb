#include "harness/sandbox/run_tasks.h"

#include <dirent.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace wirecheck {
namespace {

bool ParseNumber(std::string_view text, pid_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::optional<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The numeric entries of a /proc directory (pids, or a process's tids).
std::vector<pid_t> NumericEntries(const std::string& dir) {
  std::vector<pid_t> ids;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return ids;
  while (dirent* entry = readdir(d)) {
    pid_t id = 0;
    if (ParseNumber(entry->d_name, &id)) ids.push_back(id);
  }
  closedir(d);
  return ids;
}

}  // namespace

std::optional<TaskStat> ParseTaskStat(std::string_view line) {
  const std::size_t open = line.find(" (");
  const std::size_t close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
  TaskStat stat;
  if (!ParseNumber(line.substr(0, open), &stat.pid)) return std::nullopt;
  // After ") ": the state letter, a space, the parent's pid, a space.
  std::string_view rest = line.substr(close + 1);
  if (rest.size() < 4 || rest[0] != ' ' || rest[2] != ' ') return std::nullopt;
  stat.state = rest[1];
  rest = rest.substr(3);
  if (!ParseNumber(rest.substr(0, rest.find(' ')), &stat.ppid)) return std::nullopt;
  return stat;
}

bool MayRunByItself(char state) { return state == 'R' || state == 'D' || state == 'W'; }

bool ReadRunTasks(pid_t root, RunTasks* tasks, std::string* err) {
  *tasks = RunTasks{};
  // Every process's parent and state, then the tree under root.
  std::multimap<pid_t, pid_t> children;
  std::map<pid_t, char> process_state;
  bool root_seen = false;
  for (pid_t pid : NumericEntries("/proc")) {
    const auto text = ReadSmallFile("/proc/" + std::to_string(pid) + "/stat");
    if (!text) continue;  // it ended meanwhile
    const auto stat = ParseTaskStat(*text);
    if (!stat) continue;
    if (pid == root) root_seen = true;
    children.emplace(stat->ppid, pid);
    process_state[pid] = stat->state;
  }
  if (!root_seen) {
    *err = "cannot read /proc/" + std::to_string(root) + "/stat: the run's init is gone";
    return false;
  }
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    const pid_t pid = todo.back();
    todo.pop_back();
    const auto [first, last] = children.equal_range(pid);
    for (auto it = first; it != last; ++it) todo.push_back(it->second);
    const char state = process_state[pid];
    if (pid != root && state != 'Z' && state != 'X') ++tasks->live_descendants;
    const std::string dir = "/proc/" + std::to_string(pid) + "/task";
    for (pid_t tid : NumericEntries(dir)) {
      const auto text = ReadSmallFile(dir + "/" + std::to_string(tid) + "/stat");
      if (!text) continue;  // the thread ended meanwhile
      if (const auto stat = ParseTaskStat(*text)) tasks->thread_states.push_back(stat->state);
    }
  }
  return true;
}

}  // namespace wirecheck
