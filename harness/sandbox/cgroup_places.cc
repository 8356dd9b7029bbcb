#include "harness/sandbox/cgroup_places.h"

#include <algorithm>
#include <charconv>

namespace wirecheck {
namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool Contains(const std::vector<std::string_view>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// mountinfo writes a space, tab, newline and backslash in a path as \040,
// \011, \012 and \134.
std::string Unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() &&
        std::all_of(field.begin() + i + 1, field.begin() + i + 4, [](char c) { return c >= '0' && c <= '7'; })) {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

// The group at `path` (as /proc/self/cgroup names it) inside a mount of its
// hierarchy at `mount_point` whose root is `root`; empty where the mount does
// not reach it. A path of the cgroup namespace's parent ("/../x") never is.
std::string GroupUnder(const std::string& mount_point, const std::string& root, std::string_view path) {
  if (path.empty() || path[0] != '/' || path.find("/..") != std::string_view::npos) return "";
  std::string_view below = path;
  if (root != "/") {
    if (path.substr(0, root.size()) != root || (path.size() > root.size() && path[root.size()] != '/')) return "";
    below = path.substr(root.size());
  }
  if (below == "/") below = "";
  return mount_point + std::string(below);
}

struct Membership {
  std::vector<std::pair<std::vector<std::string_view>, std::string_view>> v1;  // controllers, path
  std::string_view v2;
  bool has_v2 = false;
};

Membership ParseProcSelfCgroup(std::string_view text) {
  Membership membership;
  for (std::string_view line : Split(text, '\n')) {
    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    const std::string_view path = line.substr(second + 1);
    if (line.substr(0, first) == "0" && controllers.empty()) {
      membership.v2 = path;
      membership.has_v2 = true;
    } else {
      membership.v1.emplace_back(Split(controllers, ','), path);
    }
  }
  return membership;
}

}  // namespace

std::vector<CgroupPlace> FindCgroupPlaces(std::string_view mountinfo, std::string_view proc_self_cgroup) {
  const Membership membership = ParseProcSelfCgroup(proc_self_cgroup);
  std::vector<CgroupPlace> places;
  bool memory_found = false, pids_found = false, v2_found = false;
  for (std::string_view line : Split(mountinfo, '\n')) {
    // id parent major:minor root mount-point options [optional...] - type source super-options
    const std::vector<std::string_view> fields = Split(line, ' ');
    const auto dash = std::find(fields.begin() + std::min<std::size_t>(fields.size(), 6), fields.end(), "-");
    if (fields.size() < 6 || fields.end() - dash < 4) continue;
    const std::string_view type = dash[1];
    const std::string root = Unescape(fields[3]);
    const std::string mount_point = Unescape(fields[4]);
    if (type == "cgroup2" && !v2_found && membership.has_v2) {
      CgroupPlace place;
      place.own_group = GroupUnder(mount_point, root, membership.v2);
      if (place.own_group.empty()) continue;
      v2_found = true;
      places.push_back(place);
    } else if (type == "cgroup") {
      const std::vector<std::string_view> options = Split(dash[3], ',');
      CgroupPlace place;
      place.version = CgroupVersion::kV1;
      place.memory = Contains(options, "memory") && !memory_found;
      place.pids = Contains(options, "pids") && !pids_found;
      if (!place.memory && !place.pids) continue;
      for (const auto& [controllers, path] : membership.v1) {
        if (Contains(controllers, place.memory ? "memory" : "pids")) {
          place.own_group = GroupUnder(mount_point, root, path);
        }
      }
      if (place.own_group.empty()) continue;
      memory_found = memory_found || place.memory;
      pids_found = pids_found || place.pids;
      places.push_back(place);
    }
  }
  return places;
}

unsigned long long KeyedValue(std::string_view text, std::string_view key) {
  for (std::string_view line : Split(text, '\n')) {
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ' ') {
      unsigned long long value = 0;
      const std::string_view number = line.substr(key.size() + 1);
      std::from_chars(number.data(), number.data() + number.size(), value);
      return value;
    }
  }
  return 0;
}

}  // namespace wirecheck
