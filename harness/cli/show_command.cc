#include "harness/cli/show_command.h"

#include <fmt/format.h>

#include <ostream>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/show/conversation_json.h"
#include "harness/show/conversation_table.h"
#include "harness/show/follow_stream.h"
#include "harness/show/ordered_rows.h"

namespace wirecheck {

namespace {

ExitCode Follow(capture::PacketSource& source, const ShowOptions& options, std::ostream& out, std::ostream& err,
                std::string* read_error, std::uint64_t* packets) {
  capture::AnalyzerOptions analyzer_options;
  analyzer_options.payload_cap = options.payload_cap;
  analyzer_options.verify_checksums = options.verify_checksums;
  const capture::Trace trace = capture::AnalyzeSource(source, analyzer_options);
  *read_error = trace.error;
  *packets = trace.stats.packets;
  for (const capture::Conversation& c : trace.conversations) {
    if (c.id != *options.follow) continue;
    WriteFollowedStreams(c, out);
    return ExitCode::kOk;
  }
  err << fmt::format("wirecheck: {}: no conversation {} (the capture has {})\n", options.capture_path,
                     *options.follow, trace.conversations.size());
  return ExitCode::kBadInput;
}

// The table or JSON Lines, streamed: each conversation's row is made when it
// ends and written in order of first packet (ordered_rows.h). No payload and
// no packet records are kept: no column reads them.
void Stream(capture::PacketSource& source, const ShowOptions& options, std::ostream& out, std::string* read_error,
            std::uint64_t* packets) {
  capture::AnalyzerOptions analyzer_options;
  analyzer_options.payload_cap = 0;
  analyzer_options.packet_record_cap = 0;
  analyzer_options.verify_checksums = options.verify_checksums;
  if (options.format == ShowOptions::Format::kJson) {
    std::string line;
    OrderedRows<std::string> rows([&](std::string&& text) { out << text << '\n'; });
    capture::Analyzer analyzer(analyzer_options, [&](capture::Conversation&& c) {
      line.clear();
      AppendConversationJson(c, &line);
      rows.Add(c.id, line);
    });
    *read_error = capture::FeedSource(source, analyzer);
    rows.Finish();
    *packets = analyzer.stats().packets;
    return;
  }
  ConversationTable table(out);
  OrderedRows<TableRow> rows([&](TableRow&& row) { table.Add(std::move(row)); });
  capture::Analyzer analyzer(analyzer_options,
                             [&](capture::Conversation&& c) { rows.Add(c.id, MakeTableRow(c)); });
  *read_error = capture::FeedSource(source, analyzer);
  rows.Finish();
  capture::TraceStats stats = analyzer.stats();
  stats.capture = source.stats();
  table.Finish(stats);
  *packets = stats.packets;
}

}  // namespace

ExitCode RunShow(const ShowOptions& options, std::ostream& out, std::ostream& err) {
  std::string error;
  auto source = capture::FileSource::Open(options.capture_path, &error);
  if (!source) {
    err << "wirecheck: " << error << '\n';
    return ExitCode::kBadInput;
  }
  std::string read_error;
  std::uint64_t packets = 0;
  ExitCode code = ExitCode::kOk;
  if (options.follow) {
    code = Follow(*source, options, out, err, &read_error, &packets);
  } else {
    Stream(*source, options, out, &read_error, &packets);
  }
  if (!read_error.empty()) {
    err << fmt::format("wirecheck: warning: {}; the {} packets read before it are shown\n", read_error, packets);
    code = ExitCode::kBadInput;
  }
  return code;
}

}  // namespace wirecheck
