#include "harness/loader/assignment_keys.h"

namespace wirecheck {

namespace {

using VT = ValueType;

constexpr std::string_view kVisibilityChoices[] = {"visible", "hidden", "after_due_date", "after_published"};

constexpr KeySpec kAssignmentTable[] = {
    {"assignment", VT::kString, "A one-line title, shown in gradebooks and feedback.", {}, true},
    {"description", VT::kString, "Free text: what the students were asked to do."},
    {"build", VT::kMapping,
     "How to build a submission: run once, in a writable copy of its folder, before its scenarios. "
     "A build that fails scores 0, with the build's last lines of output as the feedback.",
     "none (the submission runs as handed in)", false, &kBuildKeys},
    {"scenarios", VT::kMappingList, "The scenarios every submission is graded on, in order.", {}, true,
     &kAssignmentScenarioKeys},
};

constexpr KeySpec kBuildTable[] = {
    {"run", VT::kCommand,
     "The build command: a string split into words (quotes group words; no shell), or a list of words; "
     "`sh -c '...'` for a shell. It starts in the copy of the submission ({submission}).",
     {}, true},
    {"env", VT::kEnvironment, "Variables added to the minimal environment (PATH, HOME={tmp}, LANG=C.UTF-8)."},
    {"timeout", VT::kDuration, "Wall-clock limit of the build; then it is killed and the build fails.", "2m"},
    {"limits", VT::kMapping,
     "Resource limits of each process of the build (the keys of a program's `limits`).",
     "cpu 60s, address_space 16GiB (javac), processes 256, file_size 256MiB", false, &kLimitsKeys},
    {"run_limits", VT::kMapping, "Limits of all the build's processes together (a cgroup).", "memory 2GiB, processes 512",
     false, &kRunLimitsKeys},
};

constexpr KeySpec kAssignmentScenarioTable[] = {
    {"file", VT::kString, "The scenario file, relative to the assignment file's folder.", {}, true},
    {"name", VT::kString, "The scenario's name in gradebooks and feedback; unique in the assignment.",
     "the file's name without .yaml"},
    {"visibility", VT::kChoice,
     "When students see this scenario's results (Gradescope's values): visible, hidden, after_due_date, "
     "after_published. A student's own run (`--submission`) shows only visible ones.",
     "visible", false, nullptr, kVisibilityChoices},
    {"grading", VT::kPoints,
     "Points per check for this assignment, replacing the scenario's own `grading:`; each check must be one "
     "the scenario has.",
     "the scenario's `grading:`"},
};

}  // namespace

const MappingSpec kAssignmentKeys{"assignment", "A wirecheck assignment: how to build and grade a submission.",
                                  kAssignmentTable};
const MappingSpec kBuildKeys{"build", "How to build a submission.", kBuildTable};
const MappingSpec kAssignmentScenarioKeys{"assignment_scenario", "One scenario of an assignment.",
                                          kAssignmentScenarioTable};

std::span<const MappingSpec* const> AssignmentMappings() {
  static const MappingSpec* const kAll[] = {&kAssignmentKeys, &kBuildKeys, &kAssignmentScenarioKeys};
  return kAll;
}

}  // namespace wirecheck
