#pragma once
// Traces and scenarios for the verify tests: whole TCP exchanges and UDP
// datagrams built packet by packet (tests/support/packet_builder.h) and
// analysed as a capture would be, and scenarios loaded from YAML text.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/analyzer.h"
#include "capture/memory_source.h"
#include "harness/loader/scenario_loader.h"
#include "harness/verify/verify.h"
#include "reports/report.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::verify_test {

using testing::TcpPacket;
using testing::UdpPacket;

inline constexpr std::uint16_t kServerPort = 6789;
inline constexpr std::uint8_t kS = capture::tcp_flag::kSyn, kA = capture::tcp_flag::kAck,
                              kF = capture::tcp_flag::kFin, kR = capture::tcp_flag::kRst,
                              kP = capture::tcp_flag::kPsh;

/// One TCP connection from 127.0.0.1:client_port to 127.0.0.1:6789 (or
/// between two hosts' addresses): the handshake, the request, the reply (in
/// one segment per element of `reply`), then the end.
struct Exchange {
  enum class End { kServerFinFirst, kClientFinFirst, kServerRst, kClientRst, kOpen };
  std::uint16_t client_port = 40001;
  double t0 = 0.0;
  std::string request = "hello sockets\n";
  std::vector<std::string> reply = {"HELLO SOCKETS\n"};
  double reply_after = 0.001;  // from the request
  double close_after = 0.001;  // from the reply
  End end = End::kServerFinFirst;
  std::string client_addr = "127.0.0.1";
  std::string server_addr = "127.0.0.1";
  std::uint32_t client_isn = 1000;
};

inline std::vector<TcpPacket> Packets(const Exchange& x) {
  constexpr double dt = 0.0001;
  const std::uint32_t cisn = x.client_isn, sisn = 5000;
  std::uint32_t c = cisn + 1, s = sisn + 1;
  const auto from_client = [&](double t, std::uint8_t flags) {
    return TcpPacket().From(x.client_addr, x.client_port).To(x.server_addr, kServerPort).Flags(flags).Seq(c).Ack(s).At(t);
  };
  const auto from_server = [&](double t, std::uint8_t flags) {
    return TcpPacket().From(x.server_addr, kServerPort).To(x.client_addr, x.client_port).Flags(flags).Seq(s).Ack(c).At(t);
  };
  std::vector<TcpPacket> p;
  double t = x.t0;
  p.push_back(TcpPacket().From(x.client_addr, x.client_port).To(x.server_addr, kServerPort).Flags(kS).Seq(cisn).At(t));
  p.push_back(TcpPacket().From(x.server_addr, kServerPort).To(x.client_addr, x.client_port).Flags(kS | kA).Seq(sisn)
                  .Ack(c).At(t += dt));
  p.push_back(from_client(t += dt, kA));
  if (!x.request.empty()) {
    p.push_back(from_client(t += dt, kP | kA).Payload(x.request));
    c += static_cast<std::uint32_t>(x.request.size());
    p.push_back(from_server(t += dt, kA));
  }
  t += x.reply_after;
  for (const std::string& piece : x.reply) {
    p.push_back(from_server(t += dt, kP | kA).Payload(piece));
    s += static_cast<std::uint32_t>(piece.size());
    p.push_back(from_client(t += dt, kA));
  }
  t += x.close_after;
  switch (x.end) {
    case Exchange::End::kServerFinFirst:
      p.push_back(from_server(t += dt, kF | kA));
      ++s;
      p.push_back(from_client(t += dt, kA));
      p.push_back(from_client(t += dt, kF | kA));
      ++c;
      p.push_back(from_server(t += dt, kA));
      break;
    case Exchange::End::kClientFinFirst:
      p.push_back(from_client(t += dt, kF | kA));
      ++c;
      p.push_back(from_server(t += dt, kA));
      p.push_back(from_server(t += dt, kF | kA));
      ++s;
      p.push_back(from_client(t += dt, kA));
      break;
    case Exchange::End::kServerRst: p.push_back(from_server(t += dt, kR | kA)); break;
    case Exchange::End::kClientRst: p.push_back(from_client(t += dt, kR | kA)); break;
    case Exchange::End::kOpen: break;
  }
  return p;
}

/// Analyses the packets of every exchange, merged in time order, plus `more`.
inline capture::Trace Analyze(const std::vector<Exchange>& exchanges, std::vector<TcpPacket> more = {}) {
  std::vector<TcpPacket> all = std::move(more);
  for (const Exchange& x : exchanges) {
    std::vector<TcpPacket> p = Packets(x);
    all.insert(all.end(), p.begin(), p.end());
  }
  std::vector<capture::OwnedPacket> frames;
  for (const TcpPacket& p : all) frames.push_back(p.Build());
  std::stable_sort(frames.begin(), frames.end(),
                   [](const capture::OwnedPacket& a, const capture::OwnedPacket& b) { return a.ts < b.ts; });
  capture::MemorySource source(std::move(frames));
  return capture::AnalyzeSource(source);
}

inline capture::Trace AnalyzeUdp(const std::vector<UdpPacket>& datagrams) {
  std::vector<capture::OwnedPacket> frames;
  for (const UdpPacket& p : datagrams) frames.push_back(p.Build());
  capture::MemorySource source(std::move(frames));
  return capture::AnalyzeSource(source);
}

inline Scenario LoadScenario(std::string_view yaml) {
  ScenarioLoad load = LoadScenarioText(yaml, "test.yaml");
  for (const ScenarioError& e : load.errors) ADD_FAILURE() << ToString(e);
  return load.scenario.value_or(Scenario{});
}

/// The check with this id; a test failure (and an empty check) if none.
inline reports::Check Find(const std::vector<reports::Check>& checks, std::string_view id) {
  for (const reports::Check& c : checks) {
    if (c.id == id) return c;
  }
  std::string ids;
  for (const reports::Check& c : checks) ids += " " + c.id;
  ADD_FAILURE() << "no check " << id << "; there are:" << ids;
  return {};
}

/// A run that observed everything, with clients' ports as given.
inline RunFacts LiveRun() {
  RunFacts run;
  run.server_still_listening = true;
  run.listen_backlog = 5;
  run.ephemeral_ports = PortInterval{32768, 60999};
  return run;
}

inline std::string Describe(const std::vector<reports::Check>& checks) {
  std::string text;
  for (const reports::Check& c : checks) {
    text += c.id + ": " + std::string(reports::CheckStatusName(c.status)) + ": " + c.message + "\n";
  }
  return text;
}

}  // namespace wirecheck::verify_test
