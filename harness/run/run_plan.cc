#include "harness/run/run_plan.h"

#include "harness/run/run_hosts.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "harness/model/placeholder_text.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

std::string BinaryDirectory() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : self.parent_path().string();
}

// The source tree a build directory was configured from.
std::string SourceDirOfBuild(const std::string& build) {
  std::ifstream cache(build + "/CMakeCache.txt");
  const std::string key = "CMAKE_HOME_DIRECTORY:INTERNAL=";
  for (std::string line; std::getline(cache, line);) {
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  }
  return {};
}

bool IsBuildTree(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir + "/CMakeCache.txt", ec);
}

// binary_dir/relative, normalised, when it is a folder; else empty.
std::string InstalledDir(const std::string& binary_dir, const std::string& relative) {
  std::error_code ec;
  if (relative.empty()) return {};
  const fs::path dir = (fs::path(binary_dir) / relative).lexically_normal();
  return fs::is_directory(dir, ec) ? dir.string() : std::string();
}

std::string FindBuildDir(const std::string& binary_dir, const InstallLayout& layout) {
  if (IsBuildTree(binary_dir)) return binary_dir;
  const std::string installed = InstalledDir(binary_dir, layout.programs);
  return installed.empty() ? binary_dir : installed;
}

std::string FindScenariosDir(const std::string& binary_dir, const InstallLayout& layout) {
  std::error_code ec;
  const std::string source = SourceDirOfBuild(binary_dir);
  if (!source.empty() && fs::is_directory(source + "/scenarios", ec)) return source + "/scenarios";
  const fs::path beside = fs::path(binary_dir).parent_path() / "scenarios";
  if (fs::is_directory(beside / "python", ec)) return beside.string();
  return InstalledDir(binary_dir, layout.scenarios);
}

// Characters that are a plain word to every shell, in any quoting.
bool ShellPlain(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_./:@%+=,-").find(c) != std::string_view::npos;
}

// A placeholder value that a shell would read as more than its text.
bool CheckShellScript(std::string_view script, const PlaceholderValues& values, std::string* err) {
  for (const std::string& name : UsedPlaceholders(script)) {
    const auto it = values.find(name);
    if (it == values.end()) continue;
    const std::string& value = it->second;
    const auto bad = std::find_if_not(value.begin(), value.end(), ShellPlain);
    if (bad == value.end()) continue;
    *err = "{" + name + "} is \"" + value + "\", which holds '" + std::string(1, *bad) +
           "', a character the shell of this command's script would interpret; the command is not run (give the "
           "value through env, e.g. env: { DIR: \"{" + name + "}\" } and \"$DIR\" in the script, or rename it)";
    return false;
  }
  return true;
}

std::uint64_t CeilSeconds(Duration d) {
  const auto s = std::chrono::ceil<std::chrono::seconds>(d).count();
  return s > 0 ? static_cast<std::uint64_t>(s) : 1;
}

}  // namespace

InstallLayout BuiltInstallLayout() {
  return InstallLayout{WIRECHECK_PROGRAMS_FROM_BINARY, WIRECHECK_SCENARIOS_FROM_BINARY};
}

Directories FindDirectories(const Directories& given, const std::string& binary_dir, const InstallLayout& layout) {
  Directories dirs;
  const bool known = !binary_dir.empty();
  dirs.build = !given.build.empty() ? fs::absolute(given.build).string()
               : known             ? FindBuildDir(binary_dir, layout)
                                   : std::string();
  dirs.scenarios = !given.scenarios.empty() ? fs::absolute(given.scenarios).string()
                   : known                  ? FindScenariosDir(binary_dir, layout)
                                            : std::string();
  dirs.submission = fs::absolute(given.submission.empty() ? "." : given.submission).lexically_normal().string();
  if (dirs.submission.size() > 1 && dirs.submission.back() == '/') dirs.submission.pop_back();
  return dirs;
}

Directories FindDirectories(const Directories& given) {
  return FindDirectories(given, BinaryDirectory(), BuiltInstallLayout());
}

std::string LoopbackHost(Scenario::Family family) {
  return family == Scenario::Family::kIpv6 ? "::1" : "127.0.0.1";
}

PlaceholderValues RunValues(const Scenario& scenario, const Directories& dirs, const std::string& tmp_dir) {
  PlaceholderValues v;
  v["port"] = std::to_string(scenario.server.port);
  v["host"] = LoopbackHost(scenario.family);
  if (const RunHosts hosts = PlaceHosts(scenario); hosts.wire) v["host"] = hosts.server->address;
  v["family"] = scenario.family == Scenario::Family::kIpv6 ? "ipv6" : "ipv4";
  if (!dirs.build.empty()) v["build"] = dirs.build;
  if (!dirs.scenarios.empty()) v["scenarios"] = dirs.scenarios;
  v["submission"] = dirs.submission;
  v["here"] = fs::absolute(scenario.where.file).parent_path().string();
  v["tmp"] = tmp_dir;
  return v;
}

PlaceholderValues ProgramValues(const PlaceholderValues& run, const std::string& name, int index) {
  PlaceholderValues v = run;
  v["name"] = name;
  v["index"] = std::to_string(index);
  return v;
}

std::size_t ShellScriptIndex(const std::vector<std::string>& argv) {
  static constexpr std::string_view kShells[] = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox"};
  if (argv.empty()) return 0;
  const std::string shell = fs::path(argv[0]).filename().string();
  if (std::find(std::begin(kShells), std::end(kShells), shell) == std::end(kShells)) return 0;
  bool script_option = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (shell == "busybox" && i == 1 && word == "sh") continue;
    if (word == "--" || word.empty() || (word[0] != '-' && word[0] != '+')) {
      const std::size_t script = word == "--" ? i + 1 : i;
      return script_option && script < argv.size() ? script : 0;
    }
    if (word[0] == '-' && word.find('c') != std::string::npos && word.rfind("--", 0) != 0) script_option = true;
  }
  return 0;
}

bool MakeProcessSpec(const Command& command, const PlaceholderValues& values, Duration default_timeout,
                     ProcessSpec* out, std::string* err) {
  const std::size_t script = ShellScriptIndex(command.argv);
  if (script != 0 && !CheckShellScript(command.argv[script], values, err)) return false;
  ProcessSpec spec;
  for (const std::string& word : command.argv) spec.argv.push_back(ExpandPlaceholders(word, values));
  spec.cwd = ExpandPlaceholders(command.cwd, values);
  const auto tmp = values.find("tmp");
  spec.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
              "HOME=" + (tmp == values.end() ? std::string("/tmp") : tmp->second)};
  for (const auto& [name, value] : command.env) spec.env.push_back(name + "=" + ExpandPlaceholders(value, values));
  spec.stdin_bytes = command.stdin_bytes;
  const Limits& l = command.limits;
  spec.limits.cpu_seconds = CeilSeconds(l.cpu);
  spec.limits.address_space = l.address_space;
  spec.limits.processes = l.processes;
  spec.limits.file_size = l.file_size;
  spec.limits.open_files = l.open_files;
  spec.output_cap = l.output;
  spec.timeout = command.timeout.value_or(default_timeout);
  *out = std::move(spec);
  return true;
}

std::string CommandText(const ProcessSpec& spec) {
  std::string text;
  for (const std::string& word : spec.argv) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

}  // namespace wirecheck
