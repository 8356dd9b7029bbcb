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

// Every conversation of `source` as a row: made by `make` when the
// conversation ends (it is given the conversation to keep, so a row may be
// the conversation itself), handed to `emit` in order of first packet
// (ordered_rows.h). No payload and no packet records are kept: no column
// reads them. The analysis' counts, the source's included.
template <typename Row, typename Make, typename Emit>
capture::TraceStats StreamRows(capture::PacketSource& source, const ShowOptions& options, Make make, Emit emit,
                               std::string* read_error) {
  capture::AnalyzerOptions analyzer_options;
  analyzer_options.payload_cap = 0;
  analyzer_options.packet_record_cap = 0;
  analyzer_options.verify_checksums = options.verify_checksums;
  OrderedRows<Row> rows(emit);
  capture::Analyzer analyzer(analyzer_options, [&](capture::Conversation&& c) {
    const std::uint64_t id = c.id;
    rows.Add(id, make(std::move(c)));
  });
  *read_error = capture::FeedSource(source, analyzer);
  rows.Finish();
  capture::TraceStats stats = analyzer.stats();
  stats.capture = source.stats();
  return stats;
}

// The table or JSON Lines, streamed.
void Stream(capture::PacketSource& source, const ShowOptions& options, std::ostream& out, std::string* read_error,
            std::uint64_t* packets) {
  if (options.format == ShowOptions::Format::kJson) {
    // A conversation waits in the window as itself, smaller than its
    // line of text, and is written when its turn comes straight into one
    // buffer that leaves in writes of ~64 KiB.
    constexpr std::size_t kFlushBytes = 64 * 1024;
    std::string text;
    text.reserve(kFlushBytes + 4096);
    const auto keep = [](capture::Conversation&& c) { return std::move(c); };
    const auto write = [&](capture::Conversation&& c) {
      AppendConversationJson(c, &text);
      text.push_back('\n');
      if (text.size() < kFlushBytes) return;
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    };
    *packets = StreamRows<capture::Conversation>(source, options, keep, write, read_error).packets;
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return;
  }
  ConversationTable table(out);
  const capture::TraceStats stats = StreamRows<TableRow>(
      source, options, MakeTableRow, [&](TableRow&& row) { table.Add(std::move(row)); }, read_error);
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
