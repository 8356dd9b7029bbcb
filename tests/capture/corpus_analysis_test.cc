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
/// has a value Zeek could have written. A UDP tunnel's payload is a packet
/// of its own ('X': Zeek's mark of a payload too deep in tunnels).
void CheckInvariants(const std::string& name, const Trace& trace) {
  std::uint64_t in_conversations = 0;
  for (const Conversation& c : trace.conversations) {
    in_conversations += c.dir[0].packets + c.dir[1].packets;
    EXPECT_TRUE(kConnStates.count(c.conn_state)) << name << ": conn_state " << c.conn_state;
    EXPECT_EQ(c.history.find_first_not_of("ShHADFRCGTWIQX^adfrcgtwiq"), std::string::npos)
        << name << ": history " << c.history;
    EXPECT_LE(c.first_ts, c.last_ts) << name;
  }
  EXPECT_EQ(in_conversations, trace.stats.decoded) << name;
  EXPECT_EQ(trace.stats.decoded + trace.stats.decode.skipped(),
            trace.stats.packets + trace.stats.tunnel_payloads)
      << name;
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

Trace AnalyzeCorpusFile(const std::string& name) {
  std::string error;
  auto source = FileSource::Open(WIRECHECK_TEST_DATA_DIR "/tcpdump-tests/captures/" + name, &error);
  EXPECT_NE(source, nullptr) << error;
  if (source == nullptr) return {};
  return AnalyzeSource(*source);
}

// The corpus's tunnel captures with TCP inside: each inner connection is
// found, with its outer UDP connection (VXLAN or Geneve port) as its parent.
TEST(CorpusAnalysisTest, TunnelCapturesShowTheConnectionsInside) {
  const char* files[] = {"geneve-gcp.pcap",           "gso-ipv4-geneve-ipv4.pcap", "gso-ipv4-geneve-ipv6.pcap",
                         "gso-ipv6-geneve-ipv4.pcap", "gso-ipv6-geneve-ipv6.pcap", "gso-ipv4-vxlan-ipv4.pcap",
                         "gso-ipv4-vxlan-ipv6.pcap",  "gso-ipv6-vxlan-ipv4.pcap",  "gso-ipv6-vxlan-ipv6.pcap"};
  for (const char* name : files) {
    SCOPED_TRACE(name);
    const Trace trace = AnalyzeCorpusFile(name);
    ASSERT_EQ(trace.conversations.size(), 2u);
    const Conversation& outer = trace.conversations[0];
    const Conversation& inner = trace.conversations[1];
    EXPECT_EQ(outer.transport, Transport::kUdp);
    EXPECT_TRUE(outer.resp.port == 4789 || outer.resp.port == 6081);
    EXPECT_EQ(inner.transport, Transport::kTcp);
    EXPECT_EQ(inner.tunnel_parents, std::vector<std::uint64_t>{outer.id});
    EXPECT_EQ(trace.stats.tunnel_payloads, 1u);
  }
}

// geneve.pcap: an SSH session (33 packets) and 6 pings inside Geneve; each
// direction of the SSH session rides its own outer flow, so it has two
// parents.
TEST(CorpusAnalysisTest, GeneveCaptureCarriesAnSshSessionThroughTwoOuterFlows) {
  const Trace trace = AnalyzeCorpusFile("geneve.pcap");
  ASSERT_EQ(trace.conversations.size(), 5u);
  const Conversation* ssh = nullptr;
  for (const Conversation& c : trace.conversations) {
    if (c.transport == Transport::kTcp) ssh = &c;
  }
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->orig.addr.ToString(), "30.0.0.2");
  EXPECT_EQ(ssh->resp.port, 22);
  EXPECT_EQ(ssh->from(Direction::kOrig).packets + ssh->from(Direction::kResp).packets, 33u);
  ASSERT_EQ(ssh->tunnel_parents.size(), 2u);
  for (std::uint64_t parent : ssh->tunnel_parents) {
    const auto it = std::find_if(trace.conversations.begin(), trace.conversations.end(),
                                 [parent](const Conversation& c) { return c.id == parent; });
    ASSERT_NE(it, trace.conversations.end());
    EXPECT_EQ(it->resp.port, 6081);
  }
  EXPECT_EQ(trace.stats.tunnel_payloads, 39u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kOtherTransport), 6u);  // the pings
}

// Tunnels whose inner packets are not TCP or UDP still reach them: the
// mirrored pings of ERSPAN types I and III and the ICMP and ARP inside
// vxlan.pcap are counted as what they are. VXLAN on Linux's old port 8472
// is not a port Zeek registers (vxlan_ports), so it stays plain UDP.
TEST(CorpusAnalysisTest, TunnelsCarryingNeitherTcpNorUdpAreCountedForWhatIsInside) {
  Trace trace = AnalyzeCorpusFile("erspan-type-i-1.pcap");
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kOtherTransport), 2u);
  EXPECT_EQ(trace.stats.decode.skipped(), 2u);
  trace = AnalyzeCorpusFile("erspan-type-iii-ft-0.pcap");
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kOtherTransport), trace.stats.packets);
  trace = AnalyzeCorpusFile("vxlan.pcap");
  EXPECT_EQ(trace.stats.tunnel_payloads, trace.stats.packets);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kOtherTransport), 8u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kNotIp), 2u);  // ARP
  trace = AnalyzeCorpusFile("vxlan_port_8472.pcap");
  EXPECT_EQ(trace.stats.tunnel_payloads, 0u);
  EXPECT_EQ(trace.conversations.size(), 4u);
}

// NFLOG (nflog.pcap, four DNS datagrams) was an unsupported link type.
TEST(CorpusAnalysisTest, NflogCaptureIsDecoded) {
  const Trace trace = AnalyzeCorpusFile("nflog.pcap");
  EXPECT_EQ(trace.stats.decoded, trace.stats.packets);
  EXPECT_EQ(trace.conversations.size(), 4u);
}

}  // namespace
}  // namespace wirecheck::capture
