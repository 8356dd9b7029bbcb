#include "reports/html_run_section.h"

#include <fmt/format.h>

#include <set>

#include "reports/check_text.h"
#include "reports/html_text.h"
#include "reports/html_wire_section.h"
#include "reports/ladder_svg.h"

namespace wirecheck::reports {
namespace {

using PacketSet = std::set<std::uint64_t>;

std::string_view StatusSymbol(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass: return "\u2713";
    case CheckStatus::kFail: return "\u2717";
    case CheckStatus::kInconclusive: return "?";
    case CheckStatus::kNotApplicable: return "\u2013";
  }
  return "";
}

std::string_view StatusWord(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass: return "pass";
    case CheckStatus::kFail: return "fail";
    case CheckStatus::kInconclusive: return "inconclusive";
    case CheckStatus::kNotApplicable: return "n/a";
  }
  return "";
}

std::string Seconds3(std::chrono::nanoseconds d) { return fmt::format("{:.3f} s", Seconds(d)); }

// The packets drawn in the run's conversation diagrams: a check links to these.
PacketSet DrawnPackets(const Run& run) {
  PacketSet drawn;
  for (const ConversationSummary& c : run.conversations) {
    for (const LadderPacket& p : c.ladder) drawn.insert(p.number);
  }
  return drawn;
}

void WritePacketRef(std::ostream& out, const std::string& prefix, std::uint64_t number, RelativeTime time,
                    const PacketSet& drawn) {
  const std::string text = fmt::format("No. {} ({} s)", number, RelativeTimeText(time));
  if (drawn.count(number)) {
    out << "<a class=\"evidence-link\" href=\"#" << prefix << 'p' << number << "\">" << text << "</a>";
  } else {
    out << text;
  }
}

void WriteDifference(std::ostream& out, const ByteDifference& d, const HtmlOptions& options) {
  out << "<dt>differs</dt><dd>" << HtmlEscape(d.where) << " at byte " << d.offset << "</dd>"
      << "<dt>expected</dt><dd><code>" << HtmlBytes(d.expected, options.preview_bytes, d.expected_length)
      << "</code></dd><dt>actual</dt><dd><code>" << HtmlBytes(d.actual, options.preview_bytes, d.actual_length)
      << "</code></dd>";
}

// The check's own ladder, when the page has no diagram of its conversation
// (more conversations with evidence than are drawn, or none listed).
void WriteOwnLadder(std::ostream& out, const Evidence& e, const std::string& check_prefix, const PacketSet& drawn) {
  if (e.ladder.empty() || !e.conversation) return;
  for (const LadderPacket& p : e.ladder) {
    if (p.is_evidence && drawn.count(p.number)) return;
  }
  out << "<figure class=\"diagram\"><figcaption>The conversation the check points at</figcaption>";
  WriteLadderSvg(out, LadderSvgInput{check_prefix, *e.conversation, &e.ladder});
  out << "</figure>";
}

void WriteEvidence(std::ostream& out, const Check& c, const std::string& run_prefix, const std::string& check_prefix,
                   const PacketSet& drawn, const HtmlOptions& options) {
  const Evidence& e = c.evidence;
  if (e.empty()) return;
  out << "<dl class=\"evidence\">";
  if (!e.expected.empty()) out << "<dt>expected</dt><dd>" << HtmlEscape(e.expected) << "</dd>";
  if (!e.observed.empty()) out << "<dt>observed</dt><dd>" << HtmlEscape(e.observed) << "</dd>";
  if (e.conversation) out << "<dt>conversation</dt><dd><code>" << HtmlEscape(ConversationText(*e.conversation)) << "</code></dd>";
  if (!e.packets.empty()) {
    out << "<dt>packets</dt><dd>";
    for (std::size_t i = 0; i < e.packets.size(); ++i) {
      if (i > 0) out << ", ";
      WritePacketRef(out, run_prefix, e.packets[i].number, e.packets[i].time, drawn);
    }
    out << "</dd>";
  }
  if (e.difference) WriteDifference(out, *e.difference, options);
  if (!e.process.empty()) out << "<dt>program</dt><dd>" << HtmlEscape(e.process) << "</dd>";
  out << "</dl>";
  if (c.status != CheckStatus::kPass) WriteOwnLadder(out, e, check_prefix, drawn);
}

// A check that did not pass is shown whole; one that passed (or did not
// apply) is one line that opens to its message and evidence.
void WriteCheck(std::ostream& out, const Check& c, const std::string& run_prefix, std::size_t index,
                const PacketSet& drawn, const HtmlOptions& options) {
  const std::string id = fmt::format("{}c{}", run_prefix, index);
  const bool folded = c.status == CheckStatus::kPass || c.status == CheckStatus::kNotApplicable;
  const std::string_view tag = folded ? "details" : "section";
  out << '<' << tag << " class=\"check " << CheckStatusName(c.status) << "\" id=\"" << id << "\" data-check=\""
      << HtmlEscape(c.id) << "\">" << (folded ? "<summary>" : "<p>");
  if (c.points_possible > 0) {
    out << "<span class=\"points\">" << PointsText(c.points_earned) << " / " << PointsText(c.points_possible)
        << " points</span>";
  }
  out << "<span class=\"status\">" << StatusSymbol(c.status) << ' ' << StatusWord(c.status) << "</span> "
      << "<span class=\"title\">" << HtmlEscape(c.title) << "</span>" << (folded ? "</summary>" : "</p>");
  if (!c.message.empty()) out << "<p>" << HtmlEscape(c.message) << "</p>";
  if (!c.hint.empty()) out << "<p class=\"hint\"><b>Hint:</b> " << HtmlEscape(c.hint) << "</p>";
  WriteEvidence(out, c, run_prefix, id + "-", drawn, options);
  out << "</" << tag << ">\n";
}

void WriteOutputTail(std::ostream& out, std::string_view stream, const std::string& tail, bool cut,
                     std::uint64_t bytes) {
  if (tail.empty()) return;
  out << "<p class=\"muted\">" << stream << ", " << bytes << " bytes" << (cut ? ", the last lines wirecheck kept" : ", its last lines")
      << ":</p><pre>" << HtmlEscapeLines(tail) << "</pre>";
}

void WriteProcesses(std::ostream& out, const Run& run, const std::string& prefix) {
  if (run.processes.empty()) return;
  out << "<h3 id=\"" << prefix << "programs\">Programs</h3><table><tr><th>program</th><th>command</th>"
         "<th>how it ended</th><th class=\"num\">ran</th><th class=\"num\">stdout</th><th class=\"num\">stderr</th></tr>";
  for (const ProcessSummary& p : run.processes) {
    const bool bad = p.end != ProcessEnd::kExited && p.end != ProcessEnd::kStoppedByHarness;
    out << "<tr><td>" << HtmlEscape(p.name) << "</td><td><code>" << HtmlEscape(p.command) << "</code></td><td"
        << (bad || (p.end == ProcessEnd::kExited && p.code != 0) ? " class=\"fail\"" : "") << ">"
        << HtmlEscape(ProcessEndText(p)) << "</td><td class=\"num\">" << Seconds3(p.duration)
        << "</td><td class=\"num\">" << p.stdout_bytes << " B</td><td class=\"num\">" << p.stderr_bytes
        << " B</td></tr>";
  }
  out << "</table>";
  for (const ProcessSummary& p : run.processes) {
    if (p.stdout_tail.empty() && p.stderr_tail.empty()) continue;
    out << "<details><summary>Output of " << HtmlEscape(p.name) << "</summary>";
    WriteOutputTail(out, "stdout", p.stdout_tail, p.stdout_tail_cut, p.stdout_bytes);
    WriteOutputTail(out, "stderr", p.stderr_tail, p.stderr_tail_cut, p.stderr_bytes);
    out << "</details>";
  }
}

void WriteCapture(std::ostream& out, const Run& run, const std::string& prefix, const HtmlOptions& options) {
  if (!run.capture) return;
  const CaptureStats& c = *run.capture;
  out << "<h3 id=\"" << prefix << "capture\">Capture</h3><p class=\"summary\"><span><b>" << c.packets
      << "</b> packets</span><span><b>" << c.conversations << "</b> conversations</span><span><b>"
      << c.kernel_drops << "</b> dropped by the kernel</span>";
  if (c.missed > 0) out << "<span><b>" << c.missed << "</b> missed before the capture opened</span>";
  if (c.untracked_packets > 0) out << "<span><b>" << c.untracked_packets << "</b> packets not analysed (a flood)</span>";
  out << "<span>";
  if (c.file.empty()) {
    out << "the capture was not kept";
  } else {
    out << "<a class=\"pcap\" href=\"" << HtmlEscape(RelativeFileUrl(c.file, options.page_dir))
        << "\" download>the capture (pcap)</a>, to open in Wireshark";
  }
  out << "</span></p>";
}

void WriteConversationRow(std::ostream& out, const ConversationSummary& c, std::size_t i, const std::string& prefix) {
  const std::string number = c.ladder.empty()
                                 ? std::to_string(i)
                                 : fmt::format("<a href=\"#{}conv{}\">{}</a>", prefix, i, i);
  out << "<tr><td class=\"num\">" << number << "</td><td>" << HtmlEscape(c.id.transport) << "</td><td>"
      << HtmlEscape(EndpointText(c.id.client)) << "</td><td>" << HtmlEscape(EndpointText(c.id.server))
      << "</td><td class=\"num\">" << c.packets << "</td><td class=\"num\">" << c.client_bytes
      << "</td><td class=\"num\">" << c.server_bytes << "</td><td><code>" << HtmlEscape(c.history)
      << "</code></td><td>" << HtmlEscape(c.state) << "</td><td class=\"num\">" << RelativeTimeText(c.first)
      << "</td><td class=\"num\">" << RelativeTimeText(c.last - c.first) << "</td></tr>";
}

void WriteConversations(std::ostream& out, const Run& run, const std::string& prefix) {
  if (run.conversations.empty()) return;
  std::size_t drawn = 0;
  for (const ConversationSummary& c : run.conversations) drawn += c.ladder.empty() ? 0 : 1;
  out << "<h3 id=\"" << prefix << "conversations\">Conversations</h3><p class=\"muted\">" << run.conversations.size()
      << " listed";
  if (run.conversations_unlisted > 0) out << " (" << run.conversations_unlisted << " more not listed)";
  out << "; " << drawn << " drawn below. History and state are Zeek's conn.log columns.</p>"
      << "<table class=\"conversations\"><tr><th class=\"num\">#</th><th>proto</th><th>client</th><th>server</th>"
         "<th class=\"num\">packets</th><th class=\"num\">client bytes</th><th class=\"num\">server bytes</th>"
         "<th>history</th><th>state</th><th class=\"num\">start (s)</th><th class=\"num\">duration (s)</th></tr>";
  for (std::size_t i = 0; i < run.conversations.size(); ++i) WriteConversationRow(out, run.conversations[i], i + 1, prefix);
  out << "</table>";
  for (std::size_t i = 0; i < run.conversations.size(); ++i) {
    const ConversationSummary& c = run.conversations[i];
    if (c.ladder.empty()) continue;
    out << "<figure class=\"diagram\" id=\"" << prefix << "conv" << i + 1 << "\"><figcaption>Conversation "
        << i + 1 << ": <code>" << HtmlEscape(ConversationText(c.id)) << "</code>, " << c.packets << " packets"
        << (c.packets_cut ? " (the latest past wirecheck's record cap are not drawn)" : "") << "</figcaption>";
    WriteLadderSvg(out, LadderSvgInput{prefix, c.id, &c.ladder});
    out << "</figure>\n";
  }
}

void WriteRunHeader(std::ostream& out, const Run& run, const std::string& prefix) {
  out << "<h2>" << HtmlEscape(run.scenario.empty() ? run.file : run.scenario) << "</h2><p class=\"summary\">"
      << "<span class=\"verdict " << RunVerdictClass(run) << "\">" << HtmlEscape(RunVerdictText(run)) << "</span>"
      << "<span>file <code>" << HtmlEscape(run.file) << "</code></span>";
  if (!run.submission.empty()) out << "<span>submission <b>" << HtmlEscape(run.submission) << "</b></span>";
  out << "<span>" << (run.mode == RunMode::kLive ? "a live run" : "a capture verified") << ", started "
      << IsoTimestamp(run.started) << ", took " << Seconds3(run.duration) << "</span>";
  const Points points = SumPoints(run);
  if (points.possible > 0) {
    out << "<span><b>" << PointsText(points.earned) << " / " << PointsText(points.possible) << "</b> points</span>";
  }
  out << "</p>";
  if (const HarnessError* e = run.harness_error()) {
    out << "<p class=\"check fail\" id=\"" << prefix << "error\"><b>wirecheck could not finish this run ("
        << HarnessErrorKindName(e->kind) << "):</b> " << HtmlEscape(e->message) << "</p>";
  }
}

}  // namespace

std::string_view RunVerdictClass(const Run& run) {
  if (run.harness_error()) return "error";
  return CountStatuses(run).fail + CountStatuses(run).inconclusive > 0 ? "fail" : "pass";
}

std::string RunVerdictText(const Run& run) {
  if (const HarnessError* e = run.harness_error()) return "could not run: " + std::string(HarnessErrorKindName(e->kind));
  const StatusCounts counts = CountStatuses(run);
  if (counts.fail + counts.inconclusive == 0) return fmt::format("passed: {} checks", counts.pass);
  return fmt::format("failed: {} of {} checks{}", counts.fail, counts.total(),
                     counts.inconclusive > 0 ? fmt::format(", {} inconclusive", counts.inconclusive) : "");
}

void WriteRunSection(std::ostream& out, const Run& run, std::size_t number, const HtmlOptions& options) {
  const std::string prefix = fmt::format("r{}-", number);
  out << "<section class=\"run\" id=\"r" << number << "\">\n";
  WriteRunHeader(out, run, prefix);
  if (!run.checks.empty()) out << "<h3 id=\"" << prefix << "checks\">Checks</h3>\n";
  const PacketSet drawn = DrawnPackets(run);
  for (std::size_t i = 0; i < run.checks.size(); ++i) WriteCheck(out, run.checks[i], prefix, i + 1, drawn, options);
  WriteProcesses(out, run, prefix);
  WriteCapture(out, run, prefix, options);
  WriteWireSection(out, run, prefix, options);
  WriteConversations(out, run, prefix);
  out << "</section>\n";
}

}  // namespace wirecheck::reports
