#pragma once
// A report with one of everything, for the writers' golden-file tests: a
// live run with passing, failing (bytes, RST) and inconclusive checks and a
// crashed client; a foreign capture with a check that does not apply; a
// scenario file that did not load.

#include <chrono>

#include "reports/report.h"

namespace wirecheck::reports::testing {

using namespace std::chrono_literals;

inline std::chrono::system_clock::time_point At(std::chrono::milliseconds since_epoch) {
  return std::chrono::system_clock::time_point(since_epoch);
}

inline LadderPacket Packet(std::uint64_t number, RelativeTime time, PacketDirection d,
                           std::string flags, std::uint32_t seq, std::optional<std::uint32_t> ack,
                           std::string payload = "") {
  LadderPacket p;
  p.number = number;
  p.time = time;
  p.direction = d;
  p.flags = std::move(flags);
  p.seq = seq;
  p.ack = ack;
  p.payload_length = payload.size();
  p.payload = std::move(payload);
  return p;
}

inline ConversationId TcpConversation() {
  return ConversationId{"tcp", {"127.0.0.1", 41234}, {"127.0.0.1", 6789}};
}

/// A client that wrote, read nothing, and closed: the kernel answers with RST.
inline std::vector<LadderPacket> RstLadder() {
  constexpr auto kC = PacketDirection::kClientToServer;
  constexpr auto kS = PacketDirection::kServerToClient;
  std::vector<LadderPacket> ladder = {
      Packet(1, 0us, kC, "SYN", 0, std::nullopt),
      Packet(2, 41us, kS, "SYN,ACK", 0, 1),
      Packet(3, 58us, kC, "ACK", 1, 1),
      Packet(4, 102us, kC, "PSH,ACK", 1, 1, "hello sockets\n"),
      Packet(5, 110us, kS, "ACK", 1, 15),
      Packet(6, 1204us, kS, "PSH,ACK", 1, 15, "HELLO SOCKETS\n"),
      Packet(7, 1220us, kC, "ACK", 15, 15),
      Packet(8, 1234us, kC, "RST,ACK", 15, 15),
  };
  ladder[7].is_evidence = true;
  return ladder;
}

inline Run LiveRun() {
  Run run;
  run.scenario = "TCP capitalize, one client";
  run.file = "scenarios/tcp-capitalize.yaml";
  run.started = At(1714564800250ms);  // 2024-05-01T12:00:00.250Z
  run.duration = 1234ms;

  Check connections;
  connections.id = "connections";
  connections.title = "one connection";
  connections.status = CheckStatus::kPass;
  connections.message = "1 connection, as expected";
  connections.evidence.expected = "1 connection";
  connections.evidence.observed = "1 connection";
  connections.points_earned = 10;
  connections.points_possible = 10;
  run.checks.push_back(connections);

  Check data;
  data.id = "every_connection.server_sends";
  data.title = "the server sends \"HELLO SOCKETS\\n\"";
  data.status = CheckStatus::kFail;
  data.message = "the server sent other bytes than expected";
  data.hint = "the server must send back the line in capitals, newline included";
  data.evidence.conversation = TcpConversation();
  data.evidence.packets = {{6, 1204us}};
  data.evidence.difference =
      ByteDifference{"server to client stream", 0, "HELLO SOCKETS\n", 14, "hello <sockets>\x01\xff", 17};
  data.points_possible = 40;
  run.checks.push_back(data);

  Check close;
  close.id = "every_connection.close";
  close.title = "the server closes first, cleanly";
  close.status = CheckStatus::kFail;
  close.message = "the client reset the connection (RST) instead of closing it (FIN)";
  close.hint = "a RST instead of a FIN usually means the program closed the socket with unread data in it";
  close.evidence.conversation = TcpConversation();
  close.evidence.packets = {{8, 1234us}};
  close.evidence.expected = "FIN first from the server, no RST";
  close.evidence.observed = "RST,ACK from the client";
  close.evidence.ladder = RstLadder();
  close.points_possible = 20;
  run.checks.push_back(close);

  Check concurrent;
  concurrent.id = "max_open_at_once";
  concurrent.title = "at least 5 connections open at once";
  concurrent.status = CheckStatus::kInconclusive;
  concurrent.message = "the capture lost 3 packets: cannot tell how many connections were open at once";
  concurrent.points_possible = 30;
  run.checks.push_back(concurrent);

  ProcessSummary server;
  server.name = "server";
  server.command = "./server 6789";
  server.end = ProcessEnd::kStoppedByHarness;
  server.duration = 1200ms;
  run.processes.push_back(server);
  ProcessSummary client;
  client.name = "client 1";
  client.command = "./client 127.0.0.1 6789";
  client.end = ProcessEnd::kSignaled;
  client.code = 11;
  client.duration = 3ms;
  client.stdout_bytes = 20;
  client.stdout_head = "FROM SERVER: hello\n\x07";
  run.processes.push_back(client);

  run.capture = CaptureStats{8, 3, 1, "runs/tcp-capitalize.pcap", 2};
  return run;
}

inline Run VerifyRun() {
  Run run;
  run.scenario = "UDP capitalize";
  run.file = "scenarios/udp-capitalize.yaml";
  run.mode = RunMode::kVerify;
  run.started = At(1714564801500ms);
  run.duration = 15ms;

  Check reply;
  reply.id = "every_datagram.reply_to_sender";
  reply.title = "every reply goes back to its sender";
  reply.status = CheckStatus::kPass;
  reply.message = "2 replies, each to its sender's address and port";
  reply.evidence.conversation = ConversationId{"udp", {"::1", 50000}, {"::1", 9876}};
  reply.points_earned = 5;
  reply.points_possible = 5;
  run.checks.push_back(reply);

  Check exit;
  exit.id = "clients.exit";
  exit.title = "every client exits 0";
  exit.status = CheckStatus::kNotApplicable;
  exit.message = "process checks do not apply to a capture taken elsewhere";
  run.checks.push_back(exit);

  run.capture = CaptureStats{4, 0, 2, "student/udp.pcapng"};
  return run;
}

inline Run BadInputRun() {
  Run run;
  run.scenario = "broken";
  run.file = "scenarios/broken.yaml";
  run.started = At(1714564801600ms);
  run.duration = 1ms;
  run.outcome = HarnessError{HarnessErrorKind::kBadInput,
                             "scenarios/broken.yaml:4:3: unknown key 'sever' (did you mean 'server'?)"};
  return run;
}

inline Report SampleReport() { return Report{{LiveRun(), VerifyRun(), BadInputRun()}}; }

}  // namespace wirecheck::reports::testing
