// The full capture/ analysis over the 830 test captures of tcpdump (many
// deliberately malformed): no crash, no sanitizer report (scripts/test runs
// this under ASan + UBSan), a one-line error where a file cannot be read,
// and the analysis' own invariants on everything that can.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/file_source.h"

namespace wirecheck::capture {
namespace {

const std::set<std::string> kConnStates{"S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR",
                                        "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};

std::vector<std::filesystem::path> CorpusFiles() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = WIRECHECK_TEST_DATA_DIR "/tcpdump-tests/captures";
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

/// Every decoded packet belongs to exactly one conversation; every column
/// has a value Zeek could have written.
void CheckInvariants(const std::string& name, const Trace& trace) {
  std::uint64_t in_conversations = 0;
  for (const Conversation& c : trace.conversations) {
    in_conversations += c.dir[0].packets + c.dir[1].packets;
    EXPECT_TRUE(kConnStates.count(c.conn_state)) << name << ": conn_state " << c.conn_state;
    EXPECT_EQ(c.history.find_first_not_of("ShHADFRCGTWIQ^adfrcgtwiq"), std::string::npos)
        << name << ": history " << c.history;
    EXPECT_LE(c.first_ts, c.last_ts) << name;
  }
  EXPECT_EQ(in_conversations, trace.stats.decoded) << name;
  EXPECT_EQ(trace.stats.decoded + trace.stats.decode.skipped(), trace.stats.packets) << name;
}

TEST(CorpusAnalysisTest, EveryTcpdumpCaptureIsAnalysedOrRefusedInOneLine) {
  const auto files = CorpusFiles();
  ASSERT_EQ(files.size(), 830u) << "the tcpdump corpus is missing from " WIRECHECK_TEST_DATA_DIR;
  std::size_t refused = 0, cut_short = 0, analysed = 0, conversations = 0;
  for (const auto& path : files) {
    std::string error;
    auto source = FileSource::Open(path.string(), &error);
    if (!source) {
      ++refused;
      EXPECT_FALSE(error.empty()) << path;
      EXPECT_EQ(error.find('\n'), std::string::npos) << error;
      EXPECT_EQ(error.rfind(path.string(), 0), 0u) << "error must name the file: " << error;
      continue;
    }
    const Trace trace = AnalyzeSource(*source);
    ++analysed;
    conversations += trace.conversations.size();
    if (!trace.error.empty()) {
      ++cut_short;
      EXPECT_EQ(trace.error.find('\n'), std::string::npos) << trace.error;
      EXPECT_EQ(trace.error.rfind(path.string(), 0), 0u) << trace.error;
    }
    CheckInvariants(path.filename().string(), trace);
  }
  std::printf("tcpdump corpus: %zu files, %zu analysed (%zu of them cut short or damaged), "
              "%zu refused, %zu conversations\n",
              files.size(), analysed, cut_short, refused, conversations);
  EXPECT_GT(analysed, 700u);
}

}  // namespace
}  // namespace wirecheck::capture
