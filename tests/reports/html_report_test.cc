#include "reports/html_report.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "reports/html_reporter.h"
#include "tests/reports/golden.h"
#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using namespace std::chrono_literals;

// The sample report, its live run's one conversation listed and drawn.
Report SampleWithConversations() {
  Report report = testing::SampleReport();
  ConversationSummary c;
  c.id = testing::TcpConversation();
  c.packets = 8;
  c.client_bytes = 14;
  c.server_bytes = 14;
  c.history = "ShADadR";
  c.state = "RSTO";
  c.last = 1234us;
  c.ladder = testing::RstLadder();
  report.runs[0].conversations.push_back(c);
  report.runs[0].conversations_unlisted = 2;
  return report;
}

std::string Page(const Report& report, HtmlOptions options = {}) {
  std::ostringstream out;
  WriteHtmlReport(out, report, options);
  return out.str();
}

std::set<std::string> Matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> found;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    found.insert((*it)[1].str());
  }
  return found;
}

TEST(HtmlReportTest, MatchesGoldenFile) {
  HtmlOptions options;
  options.page_dir = "runs";
  testing::ExpectMatchesGolden(testing::MaskStyleSheet(Page(SampleWithConversations(), options)), "report.html");
}

TEST(HtmlReportTest, EveryInPageLinkHasItsTargetAndIdsAreUnique) {
  for (const Report& report : {SampleWithConversations(), testing::SampleReport()}) {
    const std::string page = Page(report);
    const std::set<std::string> targets = Matches(page, "href=\"#([^\"]+)\"");
    std::vector<std::string> ids;
    const std::regex id("\\sid=\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), id); it != std::sregex_iterator(); ++it) {
      ids.push_back((*it)[1].str());
    }
    const std::set<std::string> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << "an id is used twice";
    for (const std::string& t : targets) EXPECT_TRUE(unique.count(t)) << "#" << t << " has no target";
  }
}

TEST(HtmlReportTest, EvidenceLinksToTheDrawnPacket) {
  const std::string page = Page(SampleWithConversations());
  // The close check points at packet 8, drawn in conversation 1's diagram.
  EXPECT_NE(page.find("<a class=\"evidence-link\" href=\"#r1-p8\">No. 8 (0.001234 s)</a>"), std::string::npos);
  EXPECT_NE(page.find("<g class=\"packet reset evidence\" tabindex=\"0\" id=\"r1-p8\">"), std::string::npos);
  // Its conversation is drawn, so the check does not draw it again.
  EXPECT_EQ(page.find("id=\"r1-c3-ladder-1\""), std::string::npos);
}

TEST(HtmlReportTest, ACheckDrawsItsOwnLadderWhenItsConversationIsNotDrawn) {
  const std::string page = Page(testing::SampleReport());
  EXPECT_NE(page.find("<svg class=\"ladder\" id=\"r1-c3-ladder-1\""), std::string::npos);
  EXPECT_NE(page.find("id=\"r1-c3-p8\""), std::string::npos);
  EXPECT_NE(page.find("No. 8 (0.001234 s)"), std::string::npos);
  EXPECT_EQ(page.find("href=\"#r1-p8\""), std::string::npos);  // nothing to link to
}

TEST(HtmlReportTest, FailedChecksAreShownWholeAndPassedOnesFolded) {
  const std::string page = Page(testing::SampleReport());
  EXPECT_NE(page.find("<section class=\"check fail\" id=\"r1-c2\""), std::string::npos);
  EXPECT_NE(page.find("<section class=\"check inconclusive\" id=\"r1-c4\""), std::string::npos);
  EXPECT_NE(page.find("<details class=\"check pass\" id=\"r1-c1\""), std::string::npos);
  EXPECT_NE(page.find("<details class=\"check not_applicable\" id=\"r2-c2\""), std::string::npos);
  EXPECT_NE(page.find("<b>Hint:</b> the server must send back the line in capitals, newline included"),
            std::string::npos);
}

TEST(HtmlReportTest, EverythingAProgramOrScenarioWroteIsEscaped) {
  Report report = testing::SampleReport();
  reports::Run& run = report.runs[0];
  run.scenario = "<script>alert(1)</script>";
  run.processes[1].stdout_tail = "<img src=x onerror=alert(1)>\n\x1b[31mred\n";
  run.checks[0].message = "\"quoted\" & <tagged>";
  const std::string page = Page(report);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find('\x1b'), std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;\n\\x1b[31mred\n"), std::string::npos) << page;
  EXPECT_NE(page.find("&quot;quoted&quot; &amp; &lt;tagged&gt;"), std::string::npos);
}

TEST(HtmlReportTest, TheCaptureIsLinkedRelativeToThePage) {
  HtmlOptions options;
  options.page_dir = "runs";
  const std::string page = Page(testing::SampleReport(), options);
  EXPECT_NE(page.find("<a class=\"pcap\" href=\"tcp-capitalize.pcap\" download>"), std::string::npos);
  EXPECT_NE(page.find("<a class=\"pcap\" href=\"../student/udp.pcapng\" download>"), std::string::npos);
}

// A run with a wire: each direction's counts as the wire and each side's
// capture saw them (the JSON report's client_side / server_side), the side
// that received fewer than the other sent marked; the client side's capture
// linked; the wire's log of drops.
TEST(HtmlReportTest, AWireShowsEachDirectionSeenByEachSidesCapture) {
  Report report = testing::SampleReport();
  WireSummary wire;
  wire.seed = 6;
  wire.server_host = "server 192.0.2.1";
  wire.client_host = "client 198.51.100.7";
  wire.device = "veth";
  wire.directions = {{"client->server", 3, 2, 1, 0, 3, 2}, {"server->client", 2, 2, 0, 0, 2, 2}};
  wire.drops = {"client->server #1 (44 bytes): lost on the wire (loss)"};
  report.runs[0].wire = wire;
  report.runs[0].capture->client_side_packets = 5;
  report.runs[0].capture->client_side_file = "runs/tcp-capitalize-client.pcap";
  HtmlOptions options;
  options.page_dir = "runs";
  const std::string page = Page(report, options);
  EXPECT_NE(page.find("<h3 id=\"r1-wire\">Wire</h3><p class=\"summary\"><span>server 192.0.2.1 and client "
                      "198.51.100.7</span><span>seed <b>6</b> (replay: <code>--seed 6</code>)</span><span>over "
                      "veth</span></p>"),
            std::string::npos) << page;
  EXPECT_NE(page.find("<th class=\"num\">seen on the client's side</th><th class=\"num\">seen on the server's "
                      "side</th>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr><td><code>client-&gt;server</code></td><td class=\"num\">3</td><td class=\"num\">2</td>"
                      "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">3</td>"
                      "<td class=\"num fail\">2</td></tr>"),
            std::string::npos) << page;
  EXPECT_NE(page.find("<tr><td><code>server-&gt;client</code></td><td class=\"num\">2</td><td class=\"num\">2</td>"
                      "<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">2</td>"
                      "<td class=\"num\">2</td></tr>"),
            std::string::npos) << page;
  EXPECT_NE(page.find("the capture on the client's side of the wire: <b>5</b> packets"), std::string::npos);
  EXPECT_NE(page.find("<a class=\"pcap\" href=\"tcp-capitalize-client.pcap\" download>"), std::string::npos);
  EXPECT_NE(page.find("<li><code>client-&gt;server #1 (44 bytes): lost on the wire (loss)</code></li>"),
            std::string::npos);
  // A run without a wire has no such section.
  EXPECT_EQ(Page(testing::SampleReport()).find("Wire</h3>"), std::string::npos);
}

TEST(HtmlReportTest, RelativeFileUrlEncodesEachSegment) {
  EXPECT_EQ(RelativeFileUrl("out/run.pcap", "out"), "run.pcap");
  EXPECT_EQ(RelativeFileUrl("out/run.pcap", "out/"), "run.pcap");
  EXPECT_EQ(RelativeFileUrl("captures/a b#1.pcap", "out"), "../captures/a%20b%231.pcap");
  EXPECT_EQ(RelativeFileUrl("/tmp/x/run.pcap", "/tmp/y/z"), "../../x/run.pcap");
  EXPECT_EQ(RelativeFileUrl("r\xc3\xa9sum\xc3\xa9.pcap", ""), "r%C3%A9sum%C3%A9.pcap");
}

TEST(HtmlReportTest, NoScriptNoExternalResourceAndAPolicyForbiddingBoth) {
  const std::string page = Page(SampleWithConversations());
  EXPECT_NE(page.find("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.find("href=\"http"), std::string::npos);
}

TEST(HtmlReportTest, TheReporterWritesThePageAtTheEnd) {
  const Report report = SampleWithConversations();
  std::ostringstream out;
  HtmlReporter reporter(out, HtmlOptions{});
  reporter.ReportStarted(3);
  reporter.RunStarted(report.runs[0]);
  reporter.CheckFinished(report.runs[0].checks[0]);
  reporter.RunFinished(report.runs[0]);
  EXPECT_EQ(out.str(), "");
  reporter.ReportFinished(report);
  EXPECT_EQ(out.str(), Page(report));
}

}  // namespace
}  // namespace wirecheck::reports
