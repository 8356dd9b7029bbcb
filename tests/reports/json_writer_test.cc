#include "reports/json_writer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reports/golden.h"
#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using nlohmann::json;
using testing::SampleReport;

json Parsed(const Report& report) {
  std::ostringstream out;
  WriteJson(out, report, JsonOptions{});
  return json::parse(out.str());
}

TEST(JsonWriterTest, MatchesGolden) {
  std::ostringstream out;
  WriteJson(out, SampleReport(), JsonOptions{});
  testing::ExpectMatchesGolden(out.str(), "report.json");
}

TEST(JsonWriterTest, TopLevelCarriesFormatExitCodeAndTotals) {
  const json j = Parsed(SampleReport());
  EXPECT_EQ(j["format"], "wirecheck-report");
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["exit_code"], 2);
  EXPECT_EQ(j["summary"]["runs"], 3);
  EXPECT_EQ(j["summary"]["checks"], 6);
  EXPECT_EQ(j["summary"]["fail"], 2);
  EXPECT_EQ(j["summary"]["inconclusive"], 1);
  EXPECT_EQ(j["summary"]["not_applicable"], 1);
  EXPECT_EQ(j["summary"]["harness_errors"], 1);
  EXPECT_EQ(j["points"]["earned"], 15.0);
  EXPECT_EQ(j["points"]["possible"], 105.0);
}

TEST(JsonWriterTest, RunsSayHowTheyEnded) {
  const json j = Parsed(SampleReport());
  EXPECT_EQ(j["runs"][0]["outcome"], "completed");
  EXPECT_EQ(j["runs"][0]["exit_code"], 1);
  EXPECT_EQ(j["runs"][0]["started"], "2024-05-01T12:00:00.250Z");
  EXPECT_EQ(j["runs"][0]["duration_s"], 1.234);
  EXPECT_EQ(j["runs"][1]["mode"], "verify");
  EXPECT_EQ(j["runs"][2]["outcome"], "harness_error");
  EXPECT_EQ(j["runs"][2]["error"]["kind"], "bad_input");
  EXPECT_EQ(j["runs"][2]["exit_code"], 2);
  EXPECT_FALSE(j["runs"][2].contains("capture"));
}

// Whose program ran, when the run names a submission; nothing when not.
TEST(JsonWriterTest, ARunNamesItsSubmission) {
  Report report = SampleReport();
  report.runs[0].submission = "dave-c-iterative";
  const json j = Parsed(report);
  EXPECT_EQ(j["runs"][0]["submission"], "dave-c-iterative");
  EXPECT_FALSE(j["runs"][1].contains("submission"));
}

// The end of a program's output, as the console shows it, when there is one.
TEST(JsonWriterTest, AProcessCarriesTheEndOfItsOutput) {
  Report report = SampleReport();
  ASSERT_FALSE(report.runs[0].processes.empty());
  ProcessSummary& p = report.runs[0].processes[0];
  p.stderr_tail = "bind: Address already in use\n";
  p.stderr_tail_cut = false;
  const json j = Parsed(report)["runs"][0]["processes"][0];
  EXPECT_EQ(j["stderr_tail"], "bind: Address already in use\\n");
  EXPECT_EQ(j["stderr_tail_cut"], false);
  EXPECT_FALSE(j.contains("stdout_tail"));
}

TEST(JsonWriterTest, CheckCarriesStatusHintPointsAndEvidence) {
  const json close = Parsed(SampleReport())["runs"][0]["checks"][2];
  EXPECT_EQ(close["id"], "every_connection.close");
  EXPECT_EQ(close["status"], "fail");
  EXPECT_EQ(close["points"]["possible"], 20.0);
  EXPECT_NE(close["hint"].get<std::string>().find("RST instead of a FIN"), std::string::npos);
  const json& e = close["evidence"];
  EXPECT_EQ(e["conversation"]["client"]["port"], 41234);
  EXPECT_EQ(e["conversation"]["server"]["address"], "127.0.0.1");
  EXPECT_EQ(e["packets"][0]["number"], 8);
  EXPECT_EQ(e["packets"][0]["time_s"], 0.001234);
  ASSERT_EQ(e["ladder"].size(), 8u);
  EXPECT_EQ(e["ladder"][0]["flags"], "SYN");
  EXPECT_FALSE(e["ladder"][0].contains("ack"));
  EXPECT_EQ(e["ladder"][3]["payload"], "hello sockets\\n");
  EXPECT_EQ(e["ladder"][1]["direction"], "server_to_client");
  EXPECT_EQ(e["ladder"][7]["evidence"], true);
  EXPECT_FALSE(e["ladder"][6].contains("evidence"));
}

TEST(JsonWriterTest, BytesAreEscapedPreviewsWithTheirLengths) {
  const json d = Parsed(SampleReport())["runs"][0]["checks"][1]["evidence"]["difference"];
  EXPECT_EQ(d["actual"], "hello <sockets>\\x01\\xff");
  EXPECT_EQ(d["actual_length"], 17);
  EXPECT_EQ(d["expected_length"], 14);
}

TEST(JsonWriterTest, PassingCheckWithoutEvidenceHasEmptyObject) {
  Check c;
  c.id = "x";
  c.status = CheckStatus::kPass;
  const auto j = CheckToJson(c, JsonOptions{});
  EXPECT_TRUE(j["evidence"].is_object());
  EXPECT_TRUE(j["evidence"].empty());
  EXPECT_FALSE(j.contains("hint"));
}

TEST(JsonWriterTest, EvidenceNamesTheProgramACheckJudged) {
  Check c;
  c.id = "server.ready";
  c.status = CheckStatus::kFail;
  c.evidence.process = "server";
  EXPECT_EQ(CheckToJson(c, JsonOptions{})["evidence"]["process"], "server");
}

TEST(JsonWriterTest, InvalidUtf8InTextIsReplacedNotThrown) {
  Report report{{testing::BadInputRun()}};
  report.runs[0].outcome = HarnessError{HarnessErrorKind::kBadInput, "caf\xe9.yaml: no such file"};
  const json j = Parsed(report);
  EXPECT_EQ(j["runs"][0]["error"]["message"], "caf\xef\xbf\xbd.yaml: no such file");
}

TEST(JsonWriterTest, OneLineWhenIndentIsNegative) {
  std::ostringstream out;
  JsonOptions options;
  options.indent = -1;
  WriteJson(out, Report{}, options);
  EXPECT_EQ(out.str(),
            R"({"format":"wirecheck-report","format_version":1,"exit_code":0,)"
            R"("summary":{"checks":0,"pass":0,"fail":0,"inconclusive":0,"not_applicable":0,"runs":0,"harness_errors":0},)"
            R"("points":{"earned":0.0,"possible":0.0},"runs":[]})"
            "\n");
}

}  // namespace
}  // namespace wirecheck::reports
