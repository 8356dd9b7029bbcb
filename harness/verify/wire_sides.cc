#include "harness/verify/wire_sides.h"

#include <cstdlib>

namespace wirecheck {
namespace {

constexpr std::string_view kLost = ": lost on the wire ";

std::string Counted(std::uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace

std::string WireDropsText(const ClientSideOfWire& side, WireWay way, const std::function<bool(std::uint64_t)>& keep) {
  const std::string prefix = way == WireWay::kToServer ? "client->server #" : "server->client #";
  std::string text;
  std::size_t cited = 0, more = 0;
  for (const std::string& drop : side.wire_drops) {
    if (drop.rfind(prefix, 0) != 0) continue;
    if (keep && !keep(std::strtoull(drop.c_str() + prefix.size(), nullptr, 10))) continue;
    if (cited == kWireDropsCited) {
      ++more;
      continue;
    }
    // "client->server #1 (44 bytes): lost on the wire (loss)" -> "client->server #1 (44 bytes) (loss)"
    const std::size_t lost = drop.find(kLost);
    text += (cited++ == 0 ? "" : ", ") +
            (lost == std::string::npos ? drop : drop.substr(0, lost) + " " + drop.substr(lost + kLost.size()));
  }
  if (more > 0) text += ", and " + std::to_string(more) + " more";
  return text;
}

std::string LostOnTheWireText(const ClientSideOfWire& side, WireWay way, std::uint64_t server_side,
                              std::uint64_t client_side, std::string_view noun, std::string_view verb) {
  const bool to_server = way == WireWay::kToServer;
  const std::uint64_t sent = to_server ? client_side : server_side;
  const std::uint64_t received = to_server ? server_side : client_side;
  if (sent <= received) return {};
  const std::string text = to_server ? "the clients " + std::string(verb) + " " + Counted(sent, noun)
                                     : "the clients received " + std::to_string(received) + " of them";
  return text + SeenOnTheClientSideText(side, WireDropsText(side, way));
}

std::string SeenOnTheClientSideText(const ClientSideOfWire& side, const std::string& drops) {
  std::string text = " (seen on the client's side of the wire), ";
  if (!drops.empty()) {
    text += "lost on the wire: " + drops;
  } else if (side.wire_drops_omitted > 0) {
    text += "lost on the wire (" + std::to_string(side.wire_drops_omitted) + " drops past the wire's log)";
  } else {
    text += "though the wire's log names no packet lost that way";
  }
  if (side.lost_packets > 0) {
    text += " (the capture on the client's side lost " + Counted(side.lost_packets, "packet") + ")";
  }
  return text;
}

}  // namespace wirecheck
