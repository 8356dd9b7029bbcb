#include "capture/decoder.h"

#include "capture/ip_layer.h"
#include "capture/link_layer.h"
#include "capture/transport_layer.h"

namespace wirecheck::capture {

std::string_view DecodeResultName(DecodeResult result) {
  switch (result) {
    case DecodeResult::kOk: return "ok";
    case DecodeResult::kUnsupportedLinkType: return "unsupported_link_type";
    case DecodeResult::kTruncatedLink: return "truncated_link";
    case DecodeResult::kNotIp: return "not_ip";
    case DecodeResult::kTruncatedIp: return "truncated_ip";
    case DecodeResult::kBadIpHeader: return "bad_ip_header";
    case DecodeResult::kIpFragment: return "ip_fragment";
    case DecodeResult::kOtherTransport: return "other_transport";
    case DecodeResult::kTruncatedTransport: return "truncated_transport";
    case DecodeResult::kBadTransportHeader: return "bad_transport_header";
    case DecodeResult::kBadIpChecksum: return "bad_ip_checksum";
    case DecodeResult::kBadTransportChecksum: return "bad_transport_checksum";
    case DecodeResult::kTruncatedTunnel: return "truncated_tunnel";
    case DecodeResult::kBadTunnelHeader: return "bad_tunnel_header";
    case DecodeResult::kTunnelTooDeep: return "tunnel_too_deep";
    case DecodeResult::kCount: break;
  }
  return "unknown";
}

std::uint64_t DecodeStats::skipped() const {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < by_result.size(); ++i) {
    if (i != static_cast<std::size_t>(DecodeResult::kOk)) total += by_result[i];
  }
  return total;
}

namespace {

/// What the tunnel analysis needs of a packet that is not TCP or UDP.
void KeepOtherTransport(const RawPacket& packet, const LinkLayer& link, const IpPayload& ip_payload,
                        DecodedPacket* out) {
  const auto header = static_cast<std::size_t>(ip_payload.bytes.data() - link.network.data());
  out->ts = packet.ts;
  out->ip_header = link.network.first(header);
  out->segment = link.network.subspan(header);
  out->segment_length = ip_payload.length;
  out->other_protocol = ip_payload.other_protocol;
}

}  // namespace

DecodeResult Decode(const RawPacket& packet, DecodedPacket* out) {
  LinkLayer link;
  DecodeResult result = DecodeLinkLayer(packet.link_type, packet.data, &link);
  if (result != DecodeResult::kOk) return result;

  IpPayload ip_payload;
  result = DecodeIpLayer(link.network, link.ip_version, out, &ip_payload);
  if (result != DecodeResult::kOk) {
    if (result == DecodeResult::kOtherTransport) KeepOtherTransport(packet, link, ip_payload, out);
    return result;
  }

  out->ts = packet.ts;
  out->ip_header = link.network.first(static_cast<std::size_t>(ip_payload.bytes.data() - link.network.data()));
  out->segment = ip_payload.bytes;
  out->segment_length = ip_payload.length;
  return out->transport == Transport::kTcp ? DecodeTcp(ip_payload, out)
                                           : DecodeUdp(ip_payload, out);
}

}  // namespace wirecheck::capture
