#include "bench/synthetic_capture.h"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "bench/packet_builder.h"
#include "capture/pcap_writer.h"

namespace wirecheck::bench {
namespace {

using capture::PcapWriter;

constexpr std::int64_t kStartMicros = 1'704'067'200'000'000;  // 2024-01-01 00:00:00 UTC
constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

/// splitmix64: tiny, fast and the same on every platform and library
/// (std::uniform_int_distribution is not), so the file is reproducible.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) (the modulo bias is irrelevant here).
  std::uint32_t Below(std::uint32_t n) { return static_cast<std::uint32_t>(Next() % n); }
  std::uint32_t Between(std::uint32_t lo, std::uint32_t hi) { return lo + Below(hi - lo + 1); }
  bool Chance(std::uint32_t per_mille) { return Below(1000) < per_mille; }

 private:
  std::uint64_t state_;
};

/// One packet of a flow's script. seq and ack are relative to the sender's
/// and the receiver's initial sequence numbers.
struct Step {
  bool from_client = true;
  std::uint8_t flags = 0;
  TcpOptionSet options = TcpOptionSet::kNone;
  std::uint16_t length = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
};

struct Flow {
  FlowAddresses addresses;
  bool udp = false;
  std::uint32_t client_isn = 0, server_isn = 0;
  std::uint32_t client_ts_offset = 0, server_ts_offset = 0;
  std::uint32_t client_ts_val = 0, server_ts_val = 0;  // last sent, echoed by the peer
  std::vector<Step> steps;  // reused when the slot takes a new flow
  std::size_t next = 0;
  bool done() const { return next == steps.size(); }
};

class Generator {
 public:
  Generator(const SyntheticCaptureOptions& options, PcapWriter* writer, SyntheticCaptureSummary* summary)
      : options_(options), rng_(options.seed), writer_(writer), summary_(summary) {
    for (auto& c : text_) c = static_cast<std::uint8_t>(' ' + rng_.Below(95));
  }
  bool Run();

 private:
  bool MoreToStart() const {
    return summary_->tcp_connections < options_.min_tcp_connections ||
           packets_planned_ < options_.min_packets;
  }
  void StartFlow(Flow* flow);
  void AssignAddresses(Flow* flow);
  void PlanUdp(Flow* flow);
  void PlanTcp(Flow* flow);
  void PlanClose(Flow* flow, std::uint32_t client_next, std::uint32_t server_next);
  bool Emit(Flow* flow);
  TcpSegment MakeSegment(Flow* flow, const Step& step, std::uint32_t now_ms);
  std::span<const std::uint8_t> Payload(std::size_t length) {
    return {text_.data() + rng_.Below(static_cast<std::uint32_t>(text_.size() - length + 1)), length};
  }

  const SyntheticCaptureOptions& options_;
  Rng rng_;
  PcapWriter* writer_;
  SyntheticCaptureSummary* summary_;
  PacketBuilder builder_;
  std::array<std::uint8_t, 4096> text_{};
  std::uint64_t flows_started_ = 0;
  std::uint64_t packets_planned_ = 0;
  std::int64_t now_us_ = kStartMicros;
};

bool Generator::Run() {
  std::vector<Flow> open;
  open.reserve(options_.open_at_once);
  for (;;) {
    while (open.size() < options_.open_at_once && MoreToStart()) {
      open.emplace_back();
      StartFlow(&open.back());
    }
    if (open.empty()) return true;
    const std::size_t i = rng_.Below(static_cast<std::uint32_t>(open.size()));
    if (!Emit(&open[i])) return false;
    if (!open[i].done()) continue;
    if (MoreToStart()) {
      StartFlow(&open[i]);
    } else {
      std::swap(open[i], open.back());
      open.pop_back();
    }
  }
}

void Generator::StartFlow(Flow* flow) {
  flow->steps.clear();
  flow->next = 0;
  // A TCP connection is ~11 packets and a UDP flow ~11 too (a client
  // sending several lines from one socket, as the lecture's UDP client does):
  // 10% UDP flows make UDP about 10% of the packets.
  flow->udp = rng_.Chance(100);
  AssignAddresses(flow);
  if (flow->udp) {
    PlanUdp(flow);
  } else {
    PlanTcp(flow);
  }
  ++flows_started_;
  packets_planned_ += flow->steps.size();
}

/// Every flow gets its own 4-tuple (8000 clients x 28000 ports before one
/// repeats), so each flow is exactly one conversation.
void Generator::AssignAddresses(Flow* flow) {
  FlowAddresses& a = flow->addresses;
  const auto client = static_cast<std::uint32_t>(flows_started_ % 8000);
  const auto server = static_cast<std::uint8_t>(rng_.Below(16));
  a.v6 = rng_.Chance(100);
  a.client_ip = {};
  a.server_ip = {};
  if (a.v6) {
    a.client_ip = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0xc1};
    a.client_ip[14] = static_cast<std::uint8_t>(client >> 8);
    a.client_ip[15] = static_cast<std::uint8_t>(client);
    a.server_ip = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x5e};
    a.server_ip[15] = static_cast<std::uint8_t>(10 + server);
    ++summary_->ipv6_flows;
  } else {
    a.client_ip = {10, 20, static_cast<std::uint8_t>(1 + client / 250),
                   static_cast<std::uint8_t>(1 + client % 250)};
    a.server_ip = {192, 0, 2, static_cast<std::uint8_t>(10 + server)};
  }
  a.client_port = static_cast<std::uint16_t>(32768 + flows_started_ / 8000 % 28000);
  static constexpr std::uint16_t kTcpPorts[] = {80, 443, 8080, 6789};
  static constexpr std::uint16_t kUdpPorts[] = {9876, 9877, 9878};
  a.server_port = flow->udp ? kUdpPorts[rng_.Below(3)] : kTcpPorts[rng_.Below(4)];
}

void Generator::PlanUdp(Flow* flow) {
  const std::uint32_t exchanges = rng_.Between(3, 8);
  for (std::uint32_t i = 0; i < exchanges; ++i) {
    flow->steps.push_back({.from_client = true, .length = static_cast<std::uint16_t>(rng_.Between(30, 80))});
    flow->steps.push_back({.from_client = false, .length = static_cast<std::uint16_t>(rng_.Between(50, 500))});
  }
  ++summary_->udp_flows;
}

void Generator::PlanTcp(Flow* flow) {
  auto& steps = flow->steps;
  ++summary_->tcp_connections;
  flow->client_isn = static_cast<std::uint32_t>(rng_.Next());
  flow->server_isn = static_cast<std::uint32_t>(rng_.Next());
  flow->client_ts_offset = static_cast<std::uint32_t>(rng_.Next());
  flow->server_ts_offset = static_cast<std::uint32_t>(rng_.Next());
  flow->client_ts_val = flow->server_ts_val = 0;
  steps.push_back({true, kSyn, TcpOptionSet::kSyn, 0, 0, 0});
  if (rng_.Chance(10)) {  // refused: Linux answers a closed port with RST-ACK, seq 0
    flow->server_isn = 0;
    steps.push_back({false, kRst | kAck, TcpOptionSet::kNone, 0, 0, 1});
    ++summary_->tcp_refused;
    return;
  }
  steps.push_back({false, kSyn | kAck, TcpOptionSet::kSyn, 0, 0, 1});
  const TcpOptionSet ts = TcpOptionSet::kTimestamps;
  steps.push_back({true, kAck, ts, 0, 1, 1});
  const auto request = static_cast<std::uint16_t>(rng_.Between(40, 200));
  steps.push_back({true, kPsh | kAck, ts, request, 1, 1});
  const bool retransmit = rng_.Chance(20);
  const std::uint32_t segments = rng_.Chance(800) ? 1 : rng_.Chance(750) ? 2 : 3;
  const std::uint32_t resent = rng_.Below(segments + 1);  // 0: the request, else that segment
  if (retransmit && resent == 0) steps.push_back(steps.back());
  steps.push_back({false, kAck, ts, 0, 1, 1u + request});
  std::uint32_t server_next = 1;
  for (std::uint32_t i = 1; i <= segments; ++i) {
    const auto length = static_cast<std::uint16_t>(rng_.Between(100, 1400));
    const std::uint8_t flags = i == segments ? kPsh | kAck : kAck;
    steps.push_back({false, flags, ts, length, server_next, 1u + request});
    if (retransmit && resent == i) steps.push_back(steps.back());
    server_next += length;
  }
  steps.push_back({true, kAck, ts, 0, 1u + request, server_next});
  summary_->tcp_retransmissions += retransmit;
  PlanClose(flow, 1u + request, server_next);
}

/// FIN exchange in either order, or (1%) a RST from either side instead.
void Generator::PlanClose(Flow* flow, std::uint32_t client_next, std::uint32_t server_next) {
  auto& steps = flow->steps;
  const TcpOptionSet ts = TcpOptionSet::kTimestamps;
  const bool client_first = rng_.Chance(500);
  if (rng_.Chance(10)) {
    const std::uint32_t seq = client_first ? client_next : server_next;
    const std::uint32_t ack = client_first ? server_next : client_next;
    steps.push_back({client_first, kRst | kAck, TcpOptionSet::kNone, 0, seq, ack});
    ++(client_first ? summary_->tcp_reset_by_client : summary_->tcp_reset_by_server);
    return;
  }
  const std::uint32_t first_next = client_first ? client_next : server_next;
  const std::uint32_t second_next = client_first ? server_next : client_next;
  steps.push_back({client_first, kFin | kAck, ts, 0, first_next, second_next});
  steps.push_back({!client_first, kFin | kAck, ts, 0, second_next, first_next + 1});
  steps.push_back({client_first, kAck, ts, 0, first_next + 1, second_next + 1});
}

TcpSegment Generator::MakeSegment(Flow* flow, const Step& step, std::uint32_t now_ms) {
  const bool c = step.from_client;
  TcpSegment s;
  s.from_client = c;
  s.flags = step.flags;
  s.seq = (c ? flow->client_isn : flow->server_isn) + step.seq;
  s.ack = (step.flags & kAck) ? (c ? flow->server_isn : flow->client_isn) + step.ack : 0;
  s.window = step.flags & kSyn ? (c ? 64240 : 65160) : (c ? 502 : 509);
  s.options = step.options;
  if (step.options != TcpOptionSet::kNone) {
    s.ts_val = now_ms + (c ? flow->client_ts_offset : flow->server_ts_offset);
    s.ts_ecr = c ? flow->server_ts_val : flow->client_ts_val;
    (c ? flow->client_ts_val : flow->server_ts_val) = s.ts_val;
  }
  s.payload = Payload(step.length);
  return s;
}

bool Generator::Emit(Flow* flow) {
  const Step& step = flow->steps[flow->next++];
  const std::uint32_t gap = options_.mean_gap_us;
  now_us_ += rng_.Between(gap - gap / 2, gap + gap / 2);
  std::span<const std::uint8_t> frame;
  if (flow->udp) {
    frame = builder_.Udp(flow->addresses, step.from_client, Payload(step.length));
    ++summary_->udp_packets;
  } else {
    const auto now_ms = static_cast<std::uint32_t>(now_us_ / 1000);
    frame = builder_.Tcp(flow->addresses, MakeSegment(flow, step, now_ms));
  }
  capture::RawPacket packet;
  packet.ts = std::chrono::microseconds(now_us_);
  packet.link_type = capture::link_type::kEthernet;
  packet.wire_length = static_cast<std::uint32_t>(frame.size());
  packet.data = frame;
  if (summary_->packets++ == 0) summary_->first_ts = packet.ts;
  summary_->last_ts = packet.ts;
  return writer_->Write(packet);
}

}  // namespace

bool WriteSyntheticCapture(const std::string& path, const SyntheticCaptureOptions& options,
                           SyntheticCaptureSummary* summary, std::string* error) {
  *summary = {};
  std::unique_ptr<PcapWriter> writer = PcapWriter::Create(
      path, capture::link_type::kEthernet, 262144, PcapWriter::Precision::kMicro, error);
  if (!writer) return false;
  Generator generator(options, writer.get(), summary);
  if (!generator.Run() || !writer->Close()) {
    *error = writer->error();
    return false;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) summary->file_bytes = static_cast<std::uint64_t>(st.st_size);
  return true;
}

namespace {

using Field = std::uint64_t SyntheticCaptureSummary::*;
constexpr std::pair<const char*, Field> kFields[] = {
    {"packets", &SyntheticCaptureSummary::packets},
    {"udp_packets", &SyntheticCaptureSummary::udp_packets},
    {"file_bytes", &SyntheticCaptureSummary::file_bytes},
    {"tcp_connections", &SyntheticCaptureSummary::tcp_connections},
    {"tcp_refused", &SyntheticCaptureSummary::tcp_refused},
    {"tcp_reset_by_client", &SyntheticCaptureSummary::tcp_reset_by_client},
    {"tcp_reset_by_server", &SyntheticCaptureSummary::tcp_reset_by_server},
    {"tcp_retransmissions", &SyntheticCaptureSummary::tcp_retransmissions},
    {"udp_flows", &SyntheticCaptureSummary::udp_flows},
    {"ipv6_flows", &SyntheticCaptureSummary::ipv6_flows},
};

}  // namespace

bool SaveSummary(const std::string& path, const SyntheticCaptureSummary& summary) {
  std::FILE* f = std::fopen((path + ".summary").c_str(), "w");
  if (!f) return false;
  for (const auto& [name, field] : kFields) {
    std::fprintf(f, "%s %llu\n", name, static_cast<unsigned long long>(summary.*field));
  }
  std::fprintf(f, "first_ts_ns %lld\nlast_ts_ns %lld\n",
               static_cast<long long>(summary.first_ts.count()),
               static_cast<long long>(summary.last_ts.count()));
  return std::fclose(f) == 0;
}

bool LoadSummary(const std::string& path, SyntheticCaptureSummary* summary) {
  std::FILE* f = std::fopen((path + ".summary").c_str(), "r");
  if (!f) return false;
  *summary = {};
  char name[64];
  long long value = 0;
  int fields = 0;
  while (std::fscanf(f, "%63s %lld", name, &value) == 2) {
    for (const auto& [key, field] : kFields) {
      if (std::strcmp(name, key) == 0) summary->*field = static_cast<std::uint64_t>(value), ++fields;
    }
    if (std::strcmp(name, "first_ts_ns") == 0) summary->first_ts = capture::Timestamp(value);
    if (std::strcmp(name, "last_ts_ns") == 0) summary->last_ts = capture::Timestamp(value);
  }
  std::fclose(f);
  return fields == static_cast<int>(std::size(kFields));
}

}  // namespace wirecheck::bench
