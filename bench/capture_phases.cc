#include "bench/capture_phases.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include "capture/analyzer.h"
#include "capture/file_source.h"

namespace wirecheck::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// "SF 123, REJ 4" in descending order of count.
std::string StateCounts(const std::map<std::string, std::uint64_t>& counts) {
  std::multimap<std::uint64_t, std::string, std::greater<>> by_count;
  for (const auto& [state, n] : counts) by_count.emplace(n, state.empty() ? "-" : state);
  std::string text;
  for (const auto& [n, state] : by_count) {
    text += (text.empty() ? "" : ", ") + state + " " + std::to_string(n);
  }
  return text;
}

/// Reading /proc/self/status takes some 20 us: every 64 Ki packets it costs
/// nothing measurable.
constexpr std::uint64_t kSampleEvery = 65536;

void Sample(const capture::Analyzer& analyzer, PhaseResult* result) {
  result->max_open = std::max<std::uint64_t>(result->max_open, analyzer.open_conversations());
  std::uint64_t anon_kib = 0;
  ReadCurrentRss(&anon_kib, &result->rss_file_kib);
  result->peak_anon_kib = std::max(result->peak_anon_kib, anon_kib);
}

}  // namespace

PhaseResult RunPcapLoop(const std::string& path) {
  PhaseResult result;
  const Clock::time_point start = Clock::now();
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* pcap = pcap_open_offline(path.c_str(), errbuf);
  if (!pcap) {
    CopyText(result.error, path + ": " + errbuf);
    return result;
  }
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status = 0;
  while ((status = pcap_next_ex(pcap, &header, &data)) == 1) {
    ++result.packets;
    if (header->caplen > 0) result.checksum += data[0];
  }
  if (status == PCAP_ERROR) CopyText(result.error, path + ": " + pcap_geterr(pcap));
  ReadCurrentRss(&result.peak_anon_kib, &result.rss_file_kib);
  pcap_close(pcap);
  result.seconds = SecondsSince(start);
  return result;
}

PhaseResult RunAnalysis(const std::string& path) {
  PhaseResult result;
  std::map<std::string, std::uint64_t> states;
  const Clock::time_point start = Clock::now();
  std::string error;
  std::unique_ptr<capture::FileSource> source = capture::FileSource::Open(path, &error);
  if (!source) {
    CopyText(result.error, error);
    return result;
  }
  // Streaming, as a caller that hands conversations on does: TCP
  // conversations leave the table when closed instead of 5 s later.
  capture::AnalyzerOptions options;
  options.hand_off_when_closed = true;
  capture::Analyzer analyzer(options, [&](capture::Conversation&& conversation) {
    ++result.conversations;
    result.tcp_conversations += conversation.transport == capture::Transport::kTcp;
    result.with_retransmissions += conversation.dir[0].retransmissions + conversation.dir[1].retransmissions > 0;
    ++states[conversation.conn_state];
  });
  capture::RawPacket packet;
  capture::ReadStatus status;
  while ((status = source->Next(&packet)) == capture::ReadStatus::kPacket) {
    analyzer.Feed(packet, ++result.packets);
    if (result.packets % kSampleEvery == 0) Sample(analyzer, &result);
  }
  if (status == capture::ReadStatus::kError) CopyText(result.error, source->error());
  Sample(analyzer, &result);
  analyzer.Finish();
  result.checksum = analyzer.stats().decoded;
  result.seconds = SecondsSince(start);
  CopyText(result.detail, StateCounts(states));
  return result;
}

}  // namespace wirecheck::bench
