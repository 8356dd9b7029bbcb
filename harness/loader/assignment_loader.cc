#include "harness/loader/assignment_loader.h"

#include <filesystem>

#include "harness/loader/assignment_keys.h"
#include "harness/loader/scenario_bounds.h"
#include "harness/loader/scenario_loader.h"
#include "harness/loader/scenario_parts.h"
#include "harness/model/placeholder_text.h"

namespace wirecheck {

namespace {

namespace fs = std::filesystem;

// The placeholders a build has: it runs before any scenario, with no port
// or host, from the copy of the submission.
constexpr std::string_view kBuildPlaceholders[] = {"submission", "tmp"};

// A build runs a compiler, often a JVM (javac reserves gigabytes of address
// space), and many processes (make, cc1, as, ld): a program's defaults are
// too tight for it.
Limits BuildLimitDefaults() {
  Limits limits;
  limits.cpu = std::chrono::seconds(60);
  limits.address_space = 16ull << 30;
  limits.processes = 256;
  limits.file_size = 256ull << 20;
  return limits;
}

void CheckBuildPlaceholders(const std::string& text, const SourceLocation& where, YamlContext& ctx) {
  for (const std::string& name : UsedPlaceholders(text)) {
    bool known = false;
    for (std::string_view allowed : kBuildPlaceholders) known = known || name == allowed;
    if (!known) {
      ctx.Error(where, "'build': {" + name + "} has no value in a build (it has {submission} and {tmp})");
    }
  }
}

AssignmentBuild ReadBuild(const YamlValue& v, YamlContext& ctx) {
  AssignmentBuild build;
  build.where = v.Where(ctx);
  build.command.where = build.where;
  build.command.cwd = "{submission}";
  build.command.limits = BuildLimitDefaults();
  if (!ExpectMapping(v, "a mapping with 'run'", ctx)) return build;
  const MappingReader m(v.node, kBuildKeys, ctx);
  if (const auto run = m.Get("run")) {
    build.command.where = run->Where(ctx);
    ReadInto(m, "run", &build.command.argv, ctx, ReadCommand);
    for (const std::string& word : build.command.argv) CheckBuildPlaceholders(word, build.command.where, ctx);
  }
  ReadInto(m, "env", &build.command.env, ctx, ReadEnvironment);
  for (const auto& [name, value] : build.command.env) CheckBuildPlaceholders(value, build.where, ctx);
  ReadInto(m, "timeout", &build.timeout, ctx, ReadDuration);
  if (const auto limits = m.Get("limits")) build.command.limits = ReadLimits(*limits, ctx, BuildLimitDefaults());
  if (const auto limits = m.Get("run_limits")) build.run_limits = ReadRunLimits(*limits, ctx);
  build.command.timeout = build.timeout;
  return build;
}

// The errors of the scenario files, kept apart from the assignment's own
// (whose context sorts by line): each file's stay together, in its order.
using ScenarioErrors = std::vector<ScenarioError>;

// The scenario's own errors keep their own file:line:column.
std::optional<Scenario> LoadNamedScenario(const std::string& path, const SourceLocation& where,
                                          YamlContext& ctx, ScenarioErrors* errors) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    ctx.Error(where, "'file': no scenario file " + path);
    return std::nullopt;
  }
  ScenarioLoad load = LoadScenarioFile(path);
  for (ScenarioError& e : load.errors) errors->push_back(std::move(e));
  return std::move(load.scenario);
}

std::optional<AssignmentScenario> ReadAssignmentScenario(const YamlValue& v, const fs::path& folder,
                                                         YamlContext& ctx, ScenarioErrors* errors) {
  AssignmentScenario entry;
  entry.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping with 'file'", ctx)) return std::nullopt;
  const MappingReader m(v.node, kAssignmentScenarioKeys, ctx);
  const auto file = m.Get("file");
  if (!file) return std::nullopt;
  const auto text = ReadString(*file, ctx);
  if (!text || text->empty()) {
    if (text) ctx.Error(file->Where(ctx), "'file': an empty file name");
    return std::nullopt;
  }
  entry.file = *text;
  entry.path = fs::path(*text).is_absolute() ? *text : (folder / *text).lexically_normal().string();
  entry.name = fs::path(*text).stem().string();
  ReadInto(m, "name", &entry.name, ctx, ReadString);
  if (const auto visibility = m.Get("visibility")) {
    if (const auto index = ReadChoice(*visibility, ctx)) entry.visibility = static_cast<reports::Visibility>(*index);
  }
  std::optional<Scenario> scenario = LoadNamedScenario(entry.path, file->Where(ctx), ctx, errors);
  if (!scenario) return std::nullopt;
  entry.scenario = std::move(*scenario);
  if (const auto grading = m.Get("grading")) entry.scenario.grading = ReadGrading(*grading, entry.scenario, ctx);
  return entry;
}

int PointsOf(const Scenario& scenario) {
  int points = 0;
  for (const GradeItem& item : scenario.grading.items) points += item.points;
  return points;
}

void ReadScenarios(const YamlValue& v, const fs::path& folder, Assignment* a, YamlContext& ctx,
                   ScenarioErrors* errors) {
  if (!ExpectSequence(v, "a list of scenarios", ctx)) return;
  const std::vector<YamlValue> elements = Elements(v);
  if (elements.empty()) ctx.Error(v.Where(ctx), "'scenarios': an assignment needs at least one scenario");
  bool loaded_all = true;
  for (const YamlValue& element : elements) {
    std::optional<AssignmentScenario> entry = ReadAssignmentScenario(element, folder, ctx, errors);
    if (!entry) {
      loaded_all = false;
      continue;
    }
    for (const AssignmentScenario& earlier : a->scenarios) {
      if (earlier.name == entry->name) {
        ctx.Error(entry->where, "scenario name '" + entry->name + "' used twice (first at line " +
                                    std::to_string(earlier.where.line) + "); give one a 'name'");
      }
    }
    a->scenarios.push_back(std::move(*entry));
  }
  int points = 0;
  for (const AssignmentScenario& s : a->scenarios) points += PointsOf(s.scenario);
  if (loaded_all && !elements.empty() && points == 0) {
    ctx.Error(v.Where(ctx), "'scenarios': no scenario gives points: give each a 'grading:' (in the scenario "
                            "or here) so that a grade means something");
  }
}

AssignmentLoad Failed(YamlContext& ctx, ScenarioErrors scenario_errors = {}) {
  AssignmentLoad load{std::nullopt, ctx.TakeErrors()};
  for (ScenarioError& e : scenario_errors) load.errors.push_back(std::move(e));
  return load;
}

}  // namespace

AssignmentLoad LoadAssignmentText(std::string_view text, const std::string& file_name) {
  YamlContext ctx(file_name);
  YAML::Node root;
  try {
    if (!CheckScenarioBounds(text, ctx)) return Failed(ctx);
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    ctx.Error(ctx.Where(e.mark), "YAML syntax error: " + e.msg);
    return Failed(ctx);
  }
  if (!root.IsMap()) {
    const std::string got = root.IsNull() ? "an empty file" : Describe(root);
    ctx.Error(SourceLocation{file_name, 1, 1},
              "expected an assignment (a mapping with at least 'assignment' and 'scenarios'), got " + got);
    return Failed(ctx);
  }
  try {
    Assignment a;
    a.where = SourceLocation{file_name, 1, 1};
    const MappingReader m(root, kAssignmentKeys, ctx);
    ReadInto(m, "assignment", &a.title, ctx, ReadString);
    ReadInto(m, "description", &a.description, ctx, ReadString);
    if (const auto build = m.Get("build")) a.build = ReadBuild(*build, ctx);
    const fs::path folder = fs::path(file_name).parent_path();
    ScenarioErrors scenario_errors;
    if (const auto scenarios = m.Get("scenarios")) ReadScenarios(*scenarios, folder, &a, ctx, &scenario_errors);
    if (ctx.HasErrors() || !scenario_errors.empty()) return Failed(ctx, std::move(scenario_errors));
    return AssignmentLoad{std::move(a), {}};
  } catch (const YAML::Exception& e) {
    ctx.Error(ctx.Where(e.mark), "unexpected YAML error: " + e.msg);
    return Failed(ctx);
  }
}

bool IsAssignmentFile(const std::string& path) {
  std::string text;
  ScenarioError error;
  if (!ReadBoundedFile(path, "an assignment file", &text, &error)) return false;
  YamlContext ctx(path);
  try {
    if (!CheckScenarioBounds(text, ctx)) return false;
    const YAML::Node root = YAML::Load(text);
    return root.IsMap() && root["assignment"].IsDefined() && !root["scenario"].IsDefined();
  } catch (const YAML::Exception&) {
    return false;
  }
}

AssignmentLoad LoadAssignmentFile(const std::string& path) {
  std::string text;
  ScenarioError error;
  if (!ReadBoundedFile(path, "an assignment file", &text, &error)) return AssignmentLoad{std::nullopt, {error}};
  return LoadAssignmentText(text, path);
}

}  // namespace wirecheck
