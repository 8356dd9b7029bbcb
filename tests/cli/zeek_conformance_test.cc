// `wirecheck show --format json` against Zeek's own conn.log baselines for
// the traces in tests/data/zeek-conformance (expected.jsonl): every
// row's history and conn_state must agree; byte and packet counts must agree
// too, except where docs/zeek-compatibility.md explains a known difference
// (listed below with the reason).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/support/run_command.h"

namespace wirecheck {
namespace {

using nlohmann::json;

const std::string kCorpus = std::string(WIRECHECK_TEST_DATA_DIR) + "/zeek-conformance";

std::vector<json> ReadJsonLines(const std::string& text) {
  std::vector<json> rows;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) rows.push_back(json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return rows;
}

std::string TupleOf(const json& row) {
  return row["proto"].get<std::string>() + " " + row["orig_h"].get<std::string>() + ":" +
         std::to_string(row["orig_p"].get<int>()) + " -> " + row["resp_h"].get<std::string>() +
         ":" + std::to_string(row["resp_p"].get<int>());
}

/// Our rows per trace, computed once per trace and checksum mode: Zeek
/// verified checksums unless the baseline was made with -C.
const std::vector<json>& OurRows(const std::string& trace, bool verify_checksums) {
  static std::map<std::pair<std::string, bool>, std::vector<json>> cache;
  auto it = cache.find({trace, verify_checksums});
  if (it != cache.end()) return it->second;
  std::vector<std::string> args{"show", "--format", "json", kCorpus + "/" + trace};
  if (verify_checksums) args.push_back("--verify-checksums");
  const testing::CommandResult r = testing::RunWirecheck(args);
  EXPECT_EQ(r.exit_code, 0) << trace << ": " << r.err;
  return cache[{trace, verify_checksums}] = ReadJsonLines(r.out);
}

struct Expected {
  std::vector<json> rows;
  Expected() {
    std::ifstream in(kCorpus + "/expected.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) rows.push_back(json::parse(line));
    }
  }
};

const Expected& Baseline() {
  static const Expected expected;
  return expected;
}

/// Finds our row for the n-th expected row of the same trace and tuple.
const json* Match(const json& expected, int occurrence) {
  int seen = 0;
  const bool verify = expected.value("zeek_flags", "") != "-C";
  for (const json& row : OurRows(expected["trace"], verify)) {
    if (TupleOf(row) != TupleOf(expected)) continue;
    if (seen++ == occurrence) return &row;
  }
  return nullptr;
}

TEST(ZeekConformanceTest, BaselineHasAllRows) {
  ASSERT_TRUE(std::filesystem::exists(kCorpus + "/expected.jsonl")) << kCorpus;
  EXPECT_EQ(Baseline().rows.size(), 68u);
}

TEST(ZeekConformanceTest, HistoryAndConnStateAgreeOnEveryRow) {
  std::map<std::string, int> occurrences;
  int agreeing = 0;
  for (const json& expected : Baseline().rows) {
    const std::string key = expected["trace"].get<std::string>() + " " + TupleOf(expected);
    const json* ours = Match(expected, occurrences[key]++);
    const std::string where = expected["trace"].get<std::string>() + " " + TupleOf(expected);
    if (!ours) {
      ADD_FAILURE() << where << ": no such conversation in our output";
      continue;
    }
    EXPECT_EQ((*ours)["history"], expected["history"]) << where;
    EXPECT_EQ((*ours)["conn_state"], expected["conn_state"]) << where;
    agreeing += (*ours)["history"] == expected["history"] &&
                (*ours)["conn_state"] == expected["conn_state"];
  }
  std::printf("zeek conformance: history and conn_state agree on %d of %zu rows\n", agreeing,
              Baseline().rows.size());
}

/// Counts where wirecheck deliberately differs from Zeek, with the reason
/// (docs/zeek-compatibility.md, "Packet counts").
const std::map<std::string, std::string> kKnownCountDifferences{
    {"traces/ntp_misordered-ntp.pcap udp 192.168.1.95:123 -> 17.253.4.253:123 orig_pkts",
     "Zeek's NTP analyzer flips the roles before Zeek's ConnSize analyzer counts the first "
     "datagram, so Zeek books the responder's datagram to the originator; wirecheck counts "
     "each datagram for the side that sent it"},
    {"traces/ntp_misordered-ntp.pcap udp 192.168.1.95:123 -> 17.253.4.253:123 resp_pkts",
     "as orig_pkts"},
};

TEST(ZeekConformanceTest, CountsAgreeOnEveryRow) {
  std::map<std::string, int> occurrences;
  int agreeing = 0;
  for (const json& expected : Baseline().rows) {
    const std::string key = expected["trace"].get<std::string>() + " " + TupleOf(expected);
    const json* ours = Match(expected, occurrences[key]++);
    if (!ours) continue;  // reported by the history test
    bool same = true;
    for (const char* field : {"orig_bytes", "resp_bytes", "orig_pkts", "resp_pkts", "missed_bytes"}) {
      const bool known = kKnownCountDifferences.count(key + " " + field) > 0;
      if (known) {
        // A known difference must still be a difference: if it goes away, update the list.
        EXPECT_NE((*ours)[field], expected[field]) << key << " " << field << " now agrees";
      } else {
        EXPECT_EQ((*ours)[field], expected[field]) << key << " " << field;
      }
      same &= (*ours)[field] == expected[field];
    }
    const double duration = (*ours)["duration"].get<double>();
    EXPECT_NEAR(duration, expected["duration"].get<double>(), 2e-6) << key << " duration";
    agreeing += same;
  }
  std::printf("zeek conformance: bytes, packets and missed bytes agree on %d of %zu rows\n",
              agreeing, Baseline().rows.size());
}

}  // namespace
}  // namespace wirecheck
