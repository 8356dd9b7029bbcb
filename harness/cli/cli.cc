#include "harness/cli/cli.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "harness/cli/check_command.h"
#include "harness/cli/grade_command.h"
#include "harness/cli/record_command.h"
#include "harness/cli/run_command.h"
#include "harness/cli/show_command.h"
#include "harness/model/size_text.h"
#include "harness/run/doctor.h"
#include "reports/report_target.h"
#include "reports/reporter_registry.h"

namespace wirecheck {

namespace {

constexpr const char* kVersion = "wirecheck " WIRECHECK_VERSION;  // the project()'s, as the .deb's

// The search order is FindDirectories' (harness/run/run_plan.h).
constexpr const char* kBuildHelp =
    "{build}: default the build tree holding the wirecheck binary, else an installed wirecheck's "
    "<prefix>/lib/wirecheck";
constexpr const char* kScenariosHelp =
    "{scenarios}: default the scenarios/ folder of the source tree wirecheck was built from, else an "
    "installed wirecheck's <prefix>/share/wirecheck/scenarios";

/// --payload-cap: a decimal byte count; 0 keeps no payload (counts only).
/// CLI11's own parse would take "-1" as 2^64-1, and its ranges print 300 digits.
CLI::Validator ByteCount() {
  return CLI::Validator(
      [](const std::string& input) {
        if (!input.empty() && input.find_first_not_of("0123456789") == std::string::npos) return std::string();
        return input + " is not a number of bytes (0 or more)";
      },
      "");
}

/// --capture-buffer: a size as scenarios write them (harness/model/size_text.h),
/// handed on as its number of bytes. libpcap takes an int and ignores 0.
CLI::Validator RingSize() {
  return CLI::Validator(
      [](std::string& input) {
        std::uint64_t bytes = 0;
        std::string err;
        if (!ParseByteSize(input, &bytes, &err)) return err;
        if (bytes == 0) return std::string("a capture buffer of 0 bytes would hold no packet");
        if (bytes > static_cast<std::uint64_t>(INT_MAX)) {
          return input + " is more than libpcap takes (" + std::to_string(INT_MAX) + " bytes)";
        }
        input = std::to_string(bytes);
        return std::string();
      },
      "");
}

/// An option given by one of `names` (any case): help shows `name|name|...`,
/// an unknown name is refused with that list (CLI11's CheckedTransformer
/// shows `{name->0,...} OR {0,...}` instead), and the value becomes
/// `to(index of the name)`.
CLI::Option* ChoiceOf(CLI::Option* option, const std::vector<std::string>& names,
                      std::function<std::string(std::size_t)> to) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : "|") + name;
  return option->type_name(list)->transform(CLI::Validator(
      [names, list, to](std::string& input) {
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (CLI::detail::to_lower(input) != names[i]) continue;
          input = to(i);
          return std::string();
        }
        return input + " is not one of " + list;
      },
      ""));
}

/// An enum option given by name.
template <typename Enum>
CLI::Option* Choice(CLI::Option* option, const std::vector<std::pair<std::string, Enum>>& choices) {
  std::vector<std::string> names;
  for (const auto& choice : choices) names.push_back(choice.first);
  return ChoiceOf(option, names, [choices](std::size_t i) {
    return std::to_string(static_cast<int>(choices[i].second));
  });
}

/// A string option given by name, kept as the lower-case name.
CLI::Option* NameChoice(CLI::Option* option, const std::vector<std::string>& names) {
  return ChoiceOf(option, names, [names](std::size_t i) { return names[i]; });
}

void AddShow(CLI::App& app, ShowOptions& show) {
  CLI::App* cmd = app.add_subcommand("show", "Print the conversations of a pcap/pcapng file");
  cmd->add_option("capture", show.capture_path, "pcap or pcapng file ('-' for stdin)")->required();
  Choice<ShowOptions::Format>(
      cmd->add_option("--format", show.format, "table (default) or json (JSON Lines, Zeek conn.log fields)"),
      {{"table", ShowOptions::Format::kTable}, {"json", ShowOptions::Format::kJson}});
  cmd->add_option("--follow", show.follow, "print conversation N's reassembled streams");
  cmd->add_option("--payload-cap", show.payload_cap, "with --follow: stream bytes kept per direction (0: none, counts only); the table and JSON keep none")
      ->type_name("BYTES")
      ->check(ByteCount());
  cmd->add_flag("--verify-checksums", show.verify_checksums,
                "drop packets with bad IP/TCP/UDP checksums, as Zeek does without -C "
                "(off: loopback and offloading NICs leave checksums unfinished)");
}

// The names come from the one list of formats (reports/reporter_registry.h).
void AddReportOptions(CLI::App* cmd, RunOptions& options) {
  std::vector<std::string> names(reports::ReporterNames().begin(), reports::ReporterNames().end());
  NameChoice(cmd->add_option("--format", options.format, "the main report's format (default console)"), names);
  cmd->add_option("--output,-o", options.output, "write the main report to this file instead of standard output");
  cmd->add_option("--report", options.reports,
                  "one more report of the same run, FORMAT=FILE (or FORMAT alone: standard output); "
                  "repeatable, e.g. --report junit=out.xml --report json=out.json --report html=out/html "
                  "(html: a folder, its page index.html)")
      ->type_name("FORMAT[=FILE]")
      ->check([](const std::string& value) {
        reports::ReportTarget target;
        std::string error;
        return reports::ParseReportTarget(value, &target, &error) ? std::string() : error;
      });
  cmd->add_flag("--verbose,-v", options.verbose, "console: also the message of every passing check");
}

CLI::App* AddRun(CLI::App& app, RunOptions& options) {
  CLI::App* cmd = app.add_subcommand("run", "Run scenarios: start the programs in a sandbox, capture, check");
  cmd->add_option("scenario", options.scenarios, "scenario files (YAML)")->required();
  AddReportOptions(cmd, options);
  cmd->add_option("--keep-pcap", options.keep_pcap, "copy each run's capture into this directory (<scenario>.pcap; with a wire between hosts, the client side's too: <scenario>-client.pcap)");
  cmd->add_flag("--watch", options.watch,
                "after the first run, run again whenever a scenario file or a file of --submission changes, "
                "and print only what changed (Ctrl-C ends it)");
  cmd->add_option("--repeat", options.repeat,
                  "run each scenario N times and report each check over the N runs: one that passed in only "
                  "some is flaky, and fails")
      ->type_name("N")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--seed", options.seed,
                  "the seed of the wire's random choices in scenarios with network.hosts (loss, jitter, ...): "
                  "the same seed drops the same packets, so a run is replayed. Default: the scenario's seed, "
                  "else a random one; every run prints the seed it used")
      ->type_name("N");
  cmd->add_option("--capture-buffer", options.capture_buffer,
                  "the capture's kernel buffer, e.g. 64KiB (default: sized for the scenario's clients; "
                  "libpcap rounds it up to whole ring blocks). Packets it cannot hold are dropped, and the "
                  "wire checks that rest on them are inconclusive")
      ->type_name("SIZE")
      ->transform(RingSize());
  cmd->add_option("--build", options.build_dir, kBuildHelp);
  cmd->add_option("--submission", options.submission, "{submission}: default the current directory");
  cmd->add_option("--scenarios", options.scenarios_dir, kScenariosHelp);
  cmd->add_flag("--no-sandbox", options.no_sandbox,
                "run on the host's loopback without namespaces (capturing needs root or CAP_NET_RAW; "
                "the programs are not isolated and the scenario's port must be free)");
  return cmd;
}

CLI::App* AddVerify(CLI::App& app, RunOptions& options) {
  CLI::App* cmd = app.add_subcommand("verify", "Check a capture taken elsewhere against a scenario's wire expectations");
  cmd->add_option("capture", options.capture, "pcap or pcapng file ('-' for stdin)")->required();
  cmd->add_option("--scenario,-s", options.scenarios, "the scenario file (YAML)")->required()->expected(1);
  cmd->add_option("--port", options.port, "the server port in the capture (default the scenario's)")
      ->check(CLI::Range(1, 65535));
  AddReportOptions(cmd, options);
  return cmd;
}

CLI::App* AddRecord(CLI::App& app, RecordOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "record", "Run a scenario's programs and write the scenario with the expectations that held in every run");
  cmd->add_option("scenario", options.scenario,
                  "the scenario whose programs run (its own expectations and grading are replaced)")
      ->required();
  cmd->add_option("--runs", options.runs,
                  "run it N times (default 5) and keep only what held in all of them; the rest is said in comments")
      ->type_name("N")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--from-pcap", options.from_pcap,
                  "record from this capture instead of running: the wire expectations it supports "
                  "(for `wirecheck verify`); the scenario gives the programs and the port")
      ->type_name("FILE");
  cmd->add_option("--port", options.port, "with --from-pcap: the server port in the capture (default the scenario's)")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--output,-o", options.output, "write the recorded scenario here instead of standard output");
  cmd->add_option("--capture-buffer", options.run.capture_buffer, "as for run")->type_name("SIZE")->transform(RingSize());
  cmd->add_option("--build", options.run.build_dir, kBuildHelp);
  cmd->add_option("--submission", options.run.submission, "{submission}: default the current directory");
  cmd->add_option("--scenarios", options.run.scenarios_dir, kScenariosHelp);
  cmd->add_flag("--no-sandbox", options.run.no_sandbox, "as for run");
  return cmd;
}

// What CLI11 cannot say: which positionals each form of `grade` takes.
bool GradeUsageOk(const GradeOptions& o, std::ostream& err) {
  std::string problem;
  if (o.merge) {
    if (o.inputs.empty()) problem = "--merge needs the shards' output folders";
  } else if (o.assignment.empty()) {
    problem = "the assignment file is missing";
  } else if (o.submission.empty() && (!o.gradescope_results.empty() || !o.prairielearn_results.empty())) {
    problem = "--gradescope-results and --prairielearn-results go with --submission DIR";
  } else if (o.submission.empty() && !o.html.empty()) {
    problem = "a class's pages are always written in the output folder (index.html, NAME/report.html); "
              "--report html=DIR goes with --submission DIR";
  } else if (!o.submission.empty() && !o.inputs.empty()) {
    problem = "give a submissions folder or --submission DIR, not both";
  } else if (o.submission.empty() && o.inputs.size() != 1) {
    problem = o.inputs.empty() ? "the submissions folder is missing (or give --submission DIR)"
                               : "one submissions folder, please (got " + std::to_string(o.inputs.size()) + ")";
  }
  if (problem.empty()) return true;
  err << "wirecheck grade: " << problem << "\nRun with --help for more information.\n";
  return false;
}

CLI::App* AddGrade(CLI::App& app, GradeOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "grade",
      "Grade a class: build every submission and run the assignment's scenarios against it "
      "(grade ASSIGNMENT SUBMISSIONS_DIR; grade ASSIGNMENT --submission DIR for one's own; "
      "grade --merge -o OUT SHARD_OUT...)");
  cmd->add_option("assignment", options.assignment, "the assignment file (YAML); not with --merge");
  cmd->add_option("submissions", options.inputs,
                  "the folder of submission folders (one per student); with --merge, the shards' output folders");
  cmd->add_option("--submission", options.submission,
                  "grade this one folder, in this process, and print its feedback: the visible checks only "
                  "(a student's check before handing in)");
  cmd->add_option("--gradescope-results", options.gradescope_results,
                  "with --submission: also write Gradescope's results.json (every item, with its visibility) "
                  "here, as an autograder's run_autograder does");
  cmd->add_option("--prairielearn-results", options.prairielearn_results,
                  "with --submission: also write PrairieLearn's external-grading results.json here");
  cmd->add_option("--report", options.html,
                  "with --submission: html=DIR writes the student's page (the visible items and runs, their "
                  "diagrams and captures) to DIR/index.html")
      ->type_name("html=DIR")
      ->transform([](std::string value) {
        if (value.rfind("html=", 0) != 0 || value.size() == 5) {
          throw CLI::ValidationError("--report", "grade writes one report: html=DIR (got '" + value + "')");
        }
        return value.substr(5);
      });
  cmd->add_option("--output,-o", options.out, "the output folder (default grades)");
  cmd->add_option("--jobs,-j", options.jobs, "submissions graded at once (default: the machine's cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--only", options.only, "grade only this submission (repeatable)");
  cmd->add_flag("--resume", options.resume, "keep the grades an earlier grading left in the output folder");
  cmd->add_option("--shard", options.shard, "grade the I-th of N slices of the class, e.g. 2/4")->type_name("I/N");
  cmd->add_flag("--merge", options.merge, "join the shards' output folders into one gradebook in --output");
  cmd->add_flag("--keep-copies", options.keep_copies, "keep the built copies of the submissions (under TMPDIR)");
  cmd->add_option("--repeat", options.repeat,
                  "run each scenario N times per submission; a check that passed in only some runs is flaky and "
                  "earns nothing (for an assignment's author, before students see a racy check)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--build", options.build_dir, kBuildHelp);
  cmd->add_option("--scenarios", options.scenarios_dir, kScenariosHelp);
  return cmd;
}

}  // namespace

ExitCode RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"wirecheck: what socket programs really put on the wire"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);
  ShowOptions show;
  AddShow(app, show);
  std::vector<std::string> check_files;
  app.add_subcommand("check", "Validate scenario files without running them")
      ->add_option("scenario", check_files, "scenario files (YAML)")
      ->required();
  bool assignment_schema = false;
  app.add_subcommand("schema", "Print the JSON Schema of scenario files (for editors)")
      ->add_flag("--assignment", assignment_schema, "the schema of assignment files (`wirecheck grade`) instead");
  app.add_subcommand("doctor", "Say what this machine lets a run isolate (namespaces, capture, identity)");
  RunOptions run_options, verify_options;
  AddRun(app, run_options);
  AddVerify(app, verify_options);
  GradeOptions grade_options;
  AddGrade(app, grade_options);
  RecordOptions record_options;
  CLI::App* record = AddRecord(app, record_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0.
    // CLI11 prints the message and "Run with --help for more information."
    return app.exit(e, out, err) == 0 ? ExitCode::kOk : ExitCode::kBadInput;
  }
  if (app.got_subcommand("show")) return RunShow(show, out, err);
  if (app.got_subcommand("check")) return RunCheck(check_files, out, err);
  if (app.got_subcommand("schema")) return PrintSchema(out, assignment_schema);
  if (app.got_subcommand("doctor")) {
    const DoctorReport report = Diagnose();
    PrintDoctor(report, out);
    return report.runs_isolated ? ExitCode::kOk : ExitCode::kEnvironment;
  }
  if (app.got_subcommand("run")) return RunRunCommand(run_options, out, err);
  if (app.got_subcommand("verify")) return RunVerifyCommand(verify_options, out, err);
  if (app.got_subcommand("record")) {
    if (!record_options.from_pcap.empty() && record->count("--runs") > 0) {
      err << "wirecheck record: --runs goes with runs, not with --from-pcap (a capture is one run)\n";
      return ExitCode::kBadInput;
    }
    if (record_options.from_pcap.empty() && record->count("--port") > 0) {
      err << "wirecheck record: --port goes with --from-pcap (a run uses the scenario's port)\n";
      return ExitCode::kBadInput;
    }
    return RunRecordCommand(record_options, out, err);
  }
  if (app.got_subcommand("grade")) {
    // With --merge the positionals are all shard folders.
    if (grade_options.merge && !grade_options.assignment.empty()) {
      grade_options.inputs.insert(grade_options.inputs.begin(), grade_options.assignment);
      grade_options.assignment.clear();
    }
    if (!GradeUsageOk(grade_options, err)) return ExitCode::kBadInput;
    grade_options.progress_bar = isatty(STDERR_FILENO) == 1;
    return RunGradeCommand(grade_options, out, err);
  }
  return ExitCode::kBadInput;
}

}  // namespace wirecheck
