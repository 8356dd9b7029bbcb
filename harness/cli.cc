#include "harness/cli.h"

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "harness/check_command.h"
#include "harness/show_command.h"

namespace wirecheck {

namespace {

constexpr const char* kVersion = "wirecheck 0.1.0";

void AddShow(CLI::App& app, ShowOptions& show) {
  CLI::App* cmd = app.add_subcommand("show", "Print the conversations of a pcap/pcapng file");
  cmd->add_option("capture", show.capture_path, "pcap or pcapng file ('-' for stdin)")->required();
  cmd->add_option("--format", show.format, "table (default) or json (JSON Lines, Zeek conn.log fields)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ShowOptions::Format>{{"table", ShowOptions::Format::kTable},
                                                     {"json", ShowOptions::Format::kJson}},
          CLI::ignore_case));
  cmd->add_option("--follow", show.follow, "print conversation N's reassembled streams");
  cmd->add_option("--payload-cap", show.payload_cap, "stream bytes kept per direction")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--verify-checksums", show.verify_checksums,
                "drop packets with bad IP/TCP/UDP checksums, as Zeek does without -C "
                "(off: loopback and offloading NICs leave checksums unfinished)");
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
  return ExitCode::kBadInput;
}

}  // namespace wirecheck
