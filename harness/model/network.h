#pragma once
// The scenario's `network:` section: the hosts of a run and what the wire
// between them does to each direction's packets. Plain data, as written in
// the file (located); the runner turns it into the wire's own conditions
// (harness/wire/wire_conditions.h). A scenario without it runs every
// program on one loopback, with no wire.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/source_location.h"

namespace wirecheck {

/// One host of the run: a name the server and client groups refer to
/// (`host: client`) and its address, checked to be in a documentation range
/// or 127.0.0.0/8 (harness/wire/wire_address.h).
struct NetworkHost {
  std::string name;
  std::string address;   // "192.0.2.1", without a prefix
  SourceLocation where;
};

/// An exact drop: the Nth packet of one direction that matches, counted on
/// the wire (a retransmission counts again).
struct NetworkDrop {
  enum class Match { kPacket, kTcpSegmentWithPayload, kTcpFin, kTcpSyn };
  Match match = Match::kPacket;
  std::int64_t occurrence = 1;   // 1-based
  SourceLocation where;
};

/// What the wire does to one direction. The defaults are a perfect wire.
struct NetworkDirection {
  double loss = 0;                       // probability, 0..1 (written "30%")
  std::vector<NetworkDrop> drops;
  std::chrono::nanoseconds delay{0};
  std::chrono::nanoseconds jitter{0};    // uniform in delay ± jitter, order kept
  double reorder = 0;                    // probability a packet is held back by reorder_delay
  std::chrono::nanoseconds reorder_delay = std::chrono::milliseconds(20);
  double duplicate = 0;                  // probability a packet is delivered twice
  std::uint64_t rate_bytes_per_second = 0;   // 0: unlimited
  std::uint32_t mtu = 0;                 // 0: no limit
  SourceLocation where;
};

struct Network {
  std::vector<NetworkHost> hosts;        // in file order; two at most for now
  NetworkDirection client_to_server;
  NetworkDirection server_to_client;
  std::optional<std::uint64_t> seed;     // nullopt: chosen at random per run, and printed
  SourceLocation where;

  /// nullptr when no host has that name.
  const NetworkHost* Find(const std::string& name) const {
    for (const NetworkHost& h : hosts) {
      if (h.name == name) return &h;
    }
    return nullptr;
  }
};

}  // namespace wirecheck
