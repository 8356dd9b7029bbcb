#pragma once
// A scenario made ready to start: the placeholder values of the run
// ({port}, {host}, {build}, ...) and each program's ProcessSpec with them
// expanded. Pure apart from FindDirectories(), which looks at the file system.

#include <map>
#include <string>

#include "harness/model/process_spec.h"
#include "harness/model/scenario.h"
#include "harness/run/run_settings.h"

namespace wirecheck {

using PlaceholderValues = std::map<std::string, std::string>;

/// Where an installed wirecheck keeps what a run uses, relative to the
/// directory of its binary; cmake/wirecheck_install.cmake sets both from the
/// install layout (../lib/wirecheck, ../share/wirecheck/scenarios).
struct InstallLayout {
  std::string programs;   // {build}: the reference programs (scenarios/, scenarios/java/)
  std::string scenarios;  // {scenarios}: the bundled scenarios and the Python programs
};

/// The layout this wirecheck was built for.
InstallLayout BuiltInstallLayout();

/// The directories of a run: each one given is made absolute; an empty one
/// is found from binary_dir (where the wirecheck binary is), first match:
///   {build}:      1. binary_dir when it is a build tree (holds CMakeCache.txt);
///                 2. binary_dir/layout.programs when it is a folder (installed);
///                 3. binary_dir.
///   {scenarios}:  1. the scenarios/ folder of the source tree named by
///                    binary_dir's CMakeCache.txt;
///                 2. binary_dir/../scenarios when it holds python/;
///                 3. binary_dir/layout.scenarios when it is a folder (installed).
///   {submission}: the current directory.
/// One that cannot be found stays empty, and a command naming it then fails
/// to start.
Directories FindDirectories(const Directories& given, const std::string& binary_dir, const InstallLayout& layout);

/// FindDirectories from the running binary (/proc/self/exe) and BuiltInstallLayout().
Directories FindDirectories(const Directories& given);

/// The values every peer of one run shares; {name} and {index} are added per
/// program by ProgramValues.
PlaceholderValues RunValues(const Scenario& scenario, const Directories& dirs, const std::string& tmp_dir);
PlaceholderValues ProgramValues(const PlaceholderValues& run, const std::string& name, int index);

/// The spec of one program: argv, cwd and env expanded, the minimal
/// environment (PATH, HOME={tmp}, LANG) plus the command's, limits, stdin,
/// timeout (the command's, else default_timeout). False with *err when a
/// placeholder in a shell's script (`sh -c "cd {submission} && make"`) has
/// a value the shell would read as more than a plain word (a directory
/// named `x;rm -rf ~`): the script is not run.
bool MakeProcessSpec(const Command& command, const PlaceholderValues& values, Duration default_timeout,
                     ProcessSpec* spec, std::string* err);

/// The index in argv of the script a shell is asked to run (`sh -c SCRIPT`,
/// `bash -ec SCRIPT`); 0 when argv does not run a shell on a script.
std::size_t ShellScriptIndex(const std::vector<std::string>& argv);

/// argv joined by spaces, for reports.
std::string CommandText(const ProcessSpec& spec);

/// "127.0.0.1" or "::1".
std::string LoopbackHost(Scenario::Family family);

}  // namespace wirecheck
