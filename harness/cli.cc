#include "harness/cli.h"

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "harness/check_command.h"
#include "harness/run_command.h"
#include "harness/show_command.h"

namespace wirecheck {

namespace {

constexpr const char* kVersion = "wirecheck 0.1.0";

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

/// An enum option given by name (any case): help shows `name|name|...`, and
/// an unknown name is refused with that list (CLI11's CheckedTransformer
/// shows `{name->0,...} OR {0,...}` instead).
template <typename Enum>
CLI::Option* Choice(CLI::Option* option, const std::vector<std::pair<std::string, Enum>>& names) {
  std::string list;
  for (const auto& choice : names) list += (list.empty() ? "" : "|") + choice.first;
  return option->type_name(list)->transform(CLI::Validator(
      [names, list](std::string& input) {
        for (const auto& [name, value] : names) {
          if (CLI::detail::to_lower(input) != name) continue;
          input = std::to_string(static_cast<int>(value));
          return std::string();
        }
        return input + " is not one of " + list;
      },
      ""));
}

void AddShow(CLI::App& app, ShowOptions& show) {
  CLI::App* cmd = app.add_subcommand("show", "Print the conversations of a pcap/pcapng file");
  cmd->add_option("capture", show.capture_path, "pcap or pcapng file ('-' for stdin)")->required();
  Choice<ShowOptions::Format>(
      cmd->add_option("--format", show.format, "table (default) or json (JSON Lines, Zeek conn.log fields)"),
      {{"table", ShowOptions::Format::kTable}, {"json", ShowOptions::Format::kJson}});
  cmd->add_option("--follow", show.follow, "print conversation N's reassembled streams");
  cmd->add_option("--payload-cap", show.payload_cap, "stream bytes kept per direction (0: none, counts only)")
      ->type_name("BYTES")
      ->check(ByteCount());
  cmd->add_flag("--verify-checksums", show.verify_checksums,
                "drop packets with bad IP/TCP/UDP checksums, as Zeek does without -C "
                "(off: loopback and offloading NICs leave checksums unfinished)");
}

void AddReportOptions(CLI::App* cmd, RunOptions& options) {
  Choice<ReportFormat>(cmd->add_option("--format", options.format, "report format (default console)"),
                       {{"console", ReportFormat::kConsole},
                        {"json", ReportFormat::kJson},
                        {"junit", ReportFormat::kJunit}});
  cmd->add_option("--output,-o", options.output, "write the report to this file instead of standard output");
  cmd->add_flag("--verbose,-v", options.verbose, "console: also the message of every passing check");
}

CLI::App* AddRun(CLI::App& app, RunOptions& options) {
  CLI::App* cmd = app.add_subcommand("run", "Run scenarios: start the programs in a sandbox, capture, check");
  cmd->add_option("scenario", options.scenarios, "scenario files (YAML)")->required();
  AddReportOptions(cmd, options);
  cmd->add_option("--keep-pcap", options.keep_pcap, "copy each run's capture into this directory (<scenario>.pcap)");
  cmd->add_option("--build", options.build_dir, "{build}: default the directory of the wirecheck binary");
  cmd->add_option("--submission", options.submission, "{submission}: default the current directory");
  cmd->add_option("--scenarios", options.scenarios_dir,
                  "{scenarios}: default the scenarios/ folder of the source tree wirecheck was built from");
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
  app.add_subcommand("schema", "Print the JSON Schema of scenario files (for editors)");
  RunOptions run_options, verify_options;
  AddRun(app, run_options);
  AddVerify(app, verify_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0.
    // CLI11 prints the message and "Run with --help for more information."
    return app.exit(e, out, err) == 0 ? ExitCode::kOk : ExitCode::kBadInput;
  }
  if (app.got_subcommand("show")) return RunShow(show, out, err);
  if (app.got_subcommand("check")) return RunCheck(check_files, out, err);
  if (app.got_subcommand("schema")) return PrintSchema(out);
  if (app.got_subcommand("run")) return RunRunCommand(run_options, out, err);
  if (app.got_subcommand("verify")) return RunVerifyCommand(verify_options, out, err);
  return ExitCode::kBadInput;
}

}  // namespace wirecheck
