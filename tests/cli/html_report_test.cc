// `--report html=DIR` end to end: a real run's page and the capture kept
// beside it; the packet numbers and times on the page are the capture's
// (what Wireshark shows for it); a failed check's packet marked and linked;
// `verify` linking the capture it read; a graded class's pages. Label `run`.
// The same pages in a real browser: tests/browser.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "capture/file_source.h"
#include "tests/support/read_file.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using testing::RunWirecheck;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kExamples = kSource + "/scenarios/examples/";
const std::string kFixtures = kSource + "/tests/fixtures/scenarios/run/";
const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

using testing::ReadFile;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

// Every arrow's packet number and the time its title gives, from the page.
std::map<std::uint64_t, std::string> ArrowTimes(const std::string& page) {
  std::map<std::uint64_t, std::string> times;
  const std::regex title("<title>No\\. ([0-9]+), ([0-9.]+) s, ");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), title); it != std::sregex_iterator(); ++it) {
    times[std::stoull((*it)[1].str())] = (*it)[2].str();
  }
  return times;
}

// Every packet's time as Wireshark shows it by default: seconds since the
// capture's first packet, to the microsecond.
std::vector<std::string> CaptureTimes(const std::string& pcap) {
  std::string err;
  auto source = capture::FileSource::Open(pcap, &err);
  EXPECT_NE(source, nullptr) << err;
  std::vector<std::string> times;
  if (!source) return times;
  capture::RawPacket packet;
  std::optional<capture::Timestamp> first;
  while (source->Next(&packet) == capture::ReadStatus::kPacket) {
    if (!first) first = packet.ts;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(packet.ts - *first).count();
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%06lld", static_cast<long long>(us / 1000000),
                  static_cast<long long>(us % 1000000));
    times.push_back(text);
  }
  return times;
}

class HtmlReportRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_.emplace("wirecheck-html");
    out_ = folder_->path() / "report";
  }
  void NeedSandbox() {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;
  }
  std::optional<testing::TestFolder> folder_;
  fs::path out_;
};

TEST_F(HtmlReportRunTest, ThePageDrawsEveryPacketOfTheCaptureKeptBesideIt) {
  NeedSandbox();
  if (IsSkipped()) return;
  const auto r = RunWirecheck({"run", kExamples + "tcp_half_close_and_reset.yaml", "--build", kBuild, "--report",
                               "html=" + out_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string page = ReadFile(out_ / "index.html");
  const fs::path pcap = out_ / "tcp_half_close_and_reset.pcap";
  ASSERT_TRUE(fs::exists(pcap));
  EXPECT_NE(page.find("<a class=\"pcap\" href=\"tcp_half_close_and_reset.pcap\" download>"), std::string::npos);
  // Three connections, each drawn whole: one arrow per packet of the capture.
  const std::vector<std::string> capture = CaptureTimes(pcap.string());
  ASSERT_FALSE(capture.empty());
  EXPECT_EQ(Count(page, "<svg class=\"ladder\""), 3u);
  EXPECT_EQ(Count(page, "<g class=\"packet "), capture.size());
  // Wireshark's No. and Time: packet N of the page is packet N of the pcap.
  const std::map<std::uint64_t, std::string> arrows = ArrowTimes(page);
  ASSERT_EQ(arrows.size(), capture.size());
  for (const auto& [number, time] : arrows) {
    ASSERT_GE(number, 1u);
    ASSERT_LE(number, capture.size());
    EXPECT_EQ(time, capture[number - 1]) << "packet " << number;
  }
  EXPECT_NE(page.find("<g class=\"packet handshake\" id=\"r1-p1\">"), std::string::npos);  // the first SYN
  EXPECT_NE(page.find("<g class=\"packet reset\""), std::string::npos);  // the reset connection's RST
  EXPECT_EQ(page.find(" evidence\" tabindex="), std::string::npos);  // nothing failed: nothing marked
}

// What tshark (Wireshark's own dissectors; scripts/setup installs it) says
// of every packet of `pcap`: "<time, truncated to microseconds> seq=S ack=A
// len=L" by packet number, seq and ack relative as Wireshark shows them.
std::map<std::uint64_t, std::string> WiresharkRows(const fs::path& pcap) {
  const auto r = testing::RunCommand({"/usr/bin/tshark", "-r", pcap.string(), "-T", "fields", "-e", "frame.number", "-e",
                                      "frame.time_relative", "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len",
                                      "-e", "tcp.flags.ack"});
  EXPECT_EQ(r.exit_code, 0) << "tshark: " << r.err;
  std::map<std::uint64_t, std::string> rows;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string number, time, seq, ack, len, ack_flag;
    std::getline(fields, number, '\t');
    std::getline(fields, time, '\t');
    std::getline(fields, seq, '\t');
    std::getline(fields, ack, '\t');
    std::getline(fields, len, '\t');
    std::getline(fields, ack_flag, '\t');
    std::string row = time.substr(0, time.find('.') + 7) + " seq=" + seq;
    if (ack_flag == "1" || ack_flag == "True") row += " ack=" + ack;
    row += " len=" + len;
    rows[std::stoull(number)] = row;
  }
  return rows;
}

// The same of every arrow of the page, from its title.
std::map<std::uint64_t, std::string> PageRows(const std::string& page) {
  std::map<std::uint64_t, std::string> rows;
  const std::regex title("<title>No\\. ([0-9]+), ([0-9.]+) s, [a-z ]+: [A-Z,]* ?seq=([0-9]+)( ack=[0-9]+)?( len=[0-9]+)?");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), title); it != std::sregex_iterator(); ++it) {
    const std::string len = (*it)[5].matched ? (*it)[5].str() : " len=0";
    rows[std::stoull((*it)[1].str())] = (*it)[2].str() + " seq=" + (*it)[3].str() + (*it)[4].str() + len;
  }
  return rows;
}

TEST_F(HtmlReportRunTest, NumbersTimesSeqAndAckAreThoseWiresharkShowsForTheKeptCapture) {
  NeedSandbox();
  if (IsSkipped()) return;
  const auto r = RunWirecheck({"run", kExamples + "tcp_capitalize_concurrent.yaml", "--build", kBuild, "--report",
                               "html=" + out_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::map<std::uint64_t, std::string> page = PageRows(ReadFile(out_ / "index.html"));
  const std::map<std::uint64_t, std::string> wireshark = WiresharkRows(out_ / "tcp_capitalize_concurrent.pcap");
  ASSERT_FALSE(wireshark.empty());
  EXPECT_EQ(page, wireshark);
}

TEST_F(HtmlReportRunTest, AFailedCheckMarksItsPacketAndLinksToIt) {
  NeedSandbox();
  if (IsSkipped()) return;
  const auto r = RunWirecheck({"run", kFixtures + "unread_close.yaml", "--build", kBuild, "--report",
                               "html=" + out_.string()});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string page = ReadFile(out_ / "index.html");
  // The close check fails on the server's RST; the page marks that packet and
  // the check links to it. Every link to a packet has its arrow.
  const std::regex link("<a class=\"evidence-link\" href=\"#(r1-p([0-9]+))\">No\\. ([0-9]+) ");
  std::size_t to_the_reset = 0, links = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), link); it != std::sregex_iterator(); ++it) {
    ++links;
    const std::string id = (*it)[1].str();
    EXPECT_EQ((*it)[2].str(), (*it)[3].str());
    EXPECT_NE(page.find("id=\"" + id + "\">"), std::string::npos) << id;
    if (page.find("<g class=\"packet reset evidence\" tabindex=\"0\" id=\"" + id + "\">") != std::string::npos) {
      ++to_the_reset;
    }
  }
  EXPECT_GT(links, 0u);
  EXPECT_EQ(to_the_reset, 1u) << page;
  EXPECT_NE(page.find("<section class=\"check fail\""), std::string::npos);
  EXPECT_NE(page.find("<b>Hint:</b> a RST instead of a FIN"), std::string::npos);
}

// a/x.yaml and b/x.yaml in one command: each run's page links its own packets.
TEST_F(HtmlReportRunTest, TwoScenarioFilesOfOneNameKeepTwoCaptures) {
  NeedSandbox();
  if (IsSkipped()) return;
  const fs::path a = folder_->path() / "a", b = folder_->path() / "b";
  fs::create_directories(a);
  fs::create_directories(b);
  fs::copy_file(kExamples + "udp_capitalize.yaml", a / "x.yaml");
  fs::copy_file(kExamples + "tcp_capitalize_iterative.yaml", b / "x.yaml");
  const auto r = RunWirecheck({"run", (a / "x.yaml").string(), (b / "x.yaml").string(), "--build", kBuild,
                               "--scenarios", kSource + "/scenarios", "--report", "html=" + out_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string page = ReadFile(out_ / "index.html");
  EXPECT_NE(page.find("href=\"x.pcap\""), std::string::npos);
  EXPECT_NE(page.find("href=\"x-2.pcap\""), std::string::npos);
  // Each run's arrows are its own capture's packets.
  const std::size_t second = page.find("<section class=\"run\" id=\"r2\">");
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(ArrowTimes(page.substr(0, second)).size(), CaptureTimes((out_ / "x.pcap").string()).size());
  EXPECT_EQ(ArrowTimes(page.substr(second)).size(), CaptureTimes((out_ / "x-2.pcap").string()).size());
  EXPECT_NE(CaptureTimes((out_ / "x.pcap").string()).size(), CaptureTimes((out_ / "x-2.pcap").string()).size());
}

TEST_F(HtmlReportRunTest, VerifyLinksTheCaptureItRead) {
  const std::string capture = kSource + "/scenarios/captures/capitalize-tcp.pcap";
  const auto r = RunWirecheck({"verify", capture, "--scenario", kFixtures + "capitalize_capture.yaml", "--report",
                               "html=" + out_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string page = ReadFile(out_ / "index.html");
  const std::regex href("<a class=\"pcap\" href=\"([^\"]+)\" download>");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, href)) << page;
  EXPECT_TRUE(fs::equivalent(out_ / m[1].str(), capture)) << m[1].str();
  EXPECT_FALSE(fs::exists(out_ / "capitalize-tcp.pcap"));  // linked, not copied
  EXPECT_EQ(Count(page, "<g class=\"packet "), CaptureTimes(capture).size());
}

TEST_F(HtmlReportRunTest, APathThatCannotBeAFolderFailsBeforeTheRun) {
  const auto r = RunWirecheck({"run", kExamples + "udp_capitalize.yaml", "--report", "html=/dev/null/out"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_EQ(r.err, "wirecheck: cannot write /dev/null/out/index.html: Not a directory\n");
}

TEST_F(HtmlReportRunTest, AGradedClassHasItsClassPageAndAPagePerSubmission) {
  NeedSandbox();
  if (IsSkipped()) return;
  const std::string klass = kSource + "/scenarios/class";
  const auto r = RunWirecheck({"grade", klass + "/assignment.yaml", klass + "/submissions", "-o", out_.string(),
                               "--only", "frank-c-compile-error", "--only", "heidi-c-no-upper"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string index = ReadFile(out_ / "index.html");
  EXPECT_NE(index.find("<a href=\"heidi-c-no-upper/report.html\">heidi-c-no-upper</a>"), std::string::npos);
  EXPECT_NE(index.find("<a href=\"frank-c-compile-error/report.html\">frank-c-compile-error</a>"), std::string::npos);
  EXPECT_NE(index.find("id=\"build-failures\""), std::string::npos);
  const std::string heidi = ReadFile(out_ / "heidi-c-no-upper" / "report.html");
  EXPECT_NE(heidi.find("<h1>heidi-c-no-upper: 50 of 100 points</h1>"), std::string::npos);
  EXPECT_EQ(Count(heidi, "<section class=\"run\""), 3u);
  for (const char* scenario : {"one_client", "five_at_once", "split_line"}) {
    EXPECT_TRUE(fs::exists(out_ / "heidi-c-no-upper" / (std::string(scenario) + ".pcap"))) << scenario;
    EXPECT_NE(heidi.find(std::string("href=\"") + scenario + ".pcap\""), std::string::npos) << scenario;
  }
  // The build failed: nothing ran, and the page says why.
  const std::string frank = ReadFile(out_ / "frank-c-compile-error" / "report.html");
  EXPECT_NE(frank.find("The build failed: the build exited with code 2."), std::string::npos);
  EXPECT_EQ(Count(frank, "<section class=\"run\""), 0u);
}

// A student's own run with --report html=DIR: the visible items and runs,
// their captures; nothing of the hidden scenario (its run, its packets).
TEST_F(HtmlReportRunTest, AStudentsOwnPageShowsWhatTheStudentMaySeeOnly) {
  NeedSandbox();
  if (IsSkipped()) return;
  const std::string klass = kSource + "/scenarios/class";
  const auto r = RunWirecheck({"grade", klass + "/assignment.yaml", "--submission",
                               klass + "/submissions/judy-c-crash", "--build", kBuild, "--report",
                               "html=" + out_.string()});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string page = ReadFile(out_ / "index.html");
  EXPECT_NE(page.find("<h1>judy-c-crash: 65 of 80 points</h1>"), std::string::npos);
  EXPECT_EQ(Count(page, "<section class=\"run\""), 2u);
  EXPECT_TRUE(fs::exists(out_ / "one_client.pcap"));
  EXPECT_TRUE(fs::exists(out_ / "five_at_once.pcap"));
  EXPECT_FALSE(fs::exists(out_ / "split_line.pcap"));  // the hidden scenario's packets
  EXPECT_EQ(page.find("a line in two segments"), std::string::npos);
  EXPECT_EQ(page.find("split_line"), std::string::npos);
  // The class's pages are always in its output folder: --report is the student's.
  const auto klass_run = RunWirecheck({"grade", klass + "/assignment.yaml", klass + "/submissions", "--report",
                                       "html=" + out_.string()});
  EXPECT_EQ(klass_run.exit_code, 2);
  EXPECT_NE(klass_run.err.find("--report html=DIR goes with --submission DIR"), std::string::npos) << klass_run.err;
  const auto json = RunWirecheck({"grade", klass + "/assignment.yaml", "--submission", klass, "--report", "json=x"});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_NE(json.err.find("grade writes one report: html=DIR (got 'json=x')"), std::string::npos) << json.err;
}

}  // namespace
}  // namespace wirecheck
