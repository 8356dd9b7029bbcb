#include "harness/cli/show_command.h"

#include <fmt/format.h>

#include <ostream>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/show/conversation_json.h"
#include "harness/show/conversation_table.h"
#include "harness/show/follow_stream.h"

namespace wirecheck {

namespace {

ExitCode Follow(const capture::Trace& trace, std::uint64_t id, const std::string& path,
                std::ostream& out, std::ostream& err) {
  for (const capture::Conversation& c : trace.conversations) {
    if (c.id != id) continue;
    WriteFollowedStreams(c, out);
    return ExitCode::kOk;
  }
  err << fmt::format("wirecheck: {}: no conversation {} (the capture has {})\n", path, id,
                     trace.conversations.size());
  return ExitCode::kBadInput;
}

}  // namespace

ExitCode RunShow(const ShowOptions& options, std::ostream& out, std::ostream& err) {
  std::string error;
  auto source = capture::FileSource::Open(options.capture_path, &error);
  if (!source) {
    err << "wirecheck: " << error << '\n';
    return ExitCode::kBadInput;
  }
  capture::AnalyzerOptions analyzer_options;
  analyzer_options.payload_cap = options.payload_cap;
  analyzer_options.verify_checksums = options.verify_checksums;
  const capture::Trace trace = capture::AnalyzeSource(*source, analyzer_options);

  ExitCode code = ExitCode::kOk;
  if (options.follow) {
    code = Follow(trace, *options.follow, options.capture_path, out, err);
  } else if (options.format == ShowOptions::Format::kJson) {
    for (const capture::Conversation& c : trace.conversations) {
      out << ConversationToJson(c).dump() << '\n';
    }
  } else {
    WriteConversationTable(trace, out);
  }
  if (!trace.error.empty()) {
    err << fmt::format("wirecheck: warning: {}; the {} packets read before it are shown\n",
                       trace.error, trace.stats.packets);
    code = ExitCode::kBadInput;
  }
  return code;
}

}  // namespace wirecheck
