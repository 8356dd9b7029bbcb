#pragma once
// Zeek's `likely_server_ports`: the ports its base scripts add to that set
// (mostly the ports their analyzers register for). Zeek uses it to guess the
// responder of a connection whose start it did not see.

#include <cstdint>

#include "capture/decoded_packet.h"

namespace wirecheck::capture {

/// True when Zeek's default likely_server_ports holds `port` for `transport`
/// (TCP and UDP sets are distinct: 53/udp is in, 123/tcp is not).
bool IsLikelyServerPort(Transport transport, std::uint16_t port);

}  // namespace wirecheck::capture
