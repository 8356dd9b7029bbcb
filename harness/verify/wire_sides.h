#pragma once
// Which side of the wire a packet was seen on. A run with a wire between
// its hosts captures at both of its ends; the checks count what the
// server's side saw (the server's behaviour), and where the sending side
// saw more go across than the receiving side, these clauses say so with
// the wire's decision log: "the clients sent 1 datagram (seen on the
// client's side of the wire), lost on the wire: client->server #1 (44
// bytes) (loss)". Pure text from counts.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "harness/verify/run_facts.h"

namespace wirecheck {

enum class WireWay { kToServer, kToClient };

/// The wire's drops one way, for a message: "client->server #1 (44 bytes)
/// (loss), client->server #4 (52 bytes) (loss)", at most kWireDropsCited of
/// them, then ", and 3 more"; empty when its log holds none that way. With
/// `keep`, only the drops whose number (#N, counted per direction) it keeps.
std::string WireDropsText(const ClientSideOfWire& side, WireWay way,
                          const std::function<bool(std::uint64_t)>& keep = {});
inline constexpr std::size_t kWireDropsCited = 4;

/// What follows a clause that says what the client's side saw: " (seen on
/// the client's side of the wire), lost on the wire: <drops>", or, without
/// drops, the drops past the wire's log or that its log names none; then
/// what the capture on the client's side lost, if anything.
std::string SeenOnTheClientSideText(const ClientSideOfWire& side, const std::string& drops);

/// `server_side` and `client_side`: how many `noun`s ("datagram") each
/// side's capture saw go `way`. Where the sending side saw more, a clause
/// that says what it saw ("the clients <verb> 2 datagrams") and what the
/// wire lost that way; empty otherwise (the sides agree, or the wire
/// duplicated).
std::string LostOnTheWireText(const ClientSideOfWire& side, WireWay way, std::uint64_t server_side,
                              std::uint64_t client_side, std::string_view noun, std::string_view verb = "sent");

}  // namespace wirecheck
