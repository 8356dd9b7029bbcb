#pragma once
// A captured packet as a source hands it over: link type, time, bytes.

#include <chrono>
#include <cstdint>
#include <span>

namespace wirecheck::capture {

/// Nanoseconds since the Unix epoch (pcap files hold micro- or nanoseconds).
using Timestamp = std::chrono::nanoseconds;

/// LINKTYPE_* values as stored in pcap/pcapng files (www.tcpdump.org/linktypes).
/// Live captures report DLT_* values; the decoder accepts both where they differ.
namespace link_type {
inline constexpr std::uint32_t kNull = 0;         // BSD loopback, host-order AF
inline constexpr std::uint32_t kEthernet = 1;
inline constexpr std::uint32_t kPpp = 9;          // PPP, with or without HDLC-like framing
inline constexpr std::uint32_t kRawDlt = 12;      // DLT_RAW on Linux
inline constexpr std::uint32_t kRawDltOpenBsd = 14;
inline constexpr std::uint32_t kPppHdlc = 50;     // PPP in HDLC-like framing (DLT_PPP_SERIAL)
inline constexpr std::uint32_t kRaw = 101;        // LINKTYPE_RAW
inline constexpr std::uint32_t kLoop = 108;       // OpenBSD loopback, network-order AF
inline constexpr std::uint32_t kLinuxSll = 113;
inline constexpr std::uint32_t kIpv4 = 228;
inline constexpr std::uint32_t kIpv6 = 229;
inline constexpr std::uint32_t kNflog = 239;      // Linux netfilter log: TLVs, one of them the packet
inline constexpr std::uint32_t kLinuxSll2 = 276;
}  // namespace link_type

/// One packet. `data` is borrowed from the source and stays valid only until
/// the source's next Next() call (file sources map the file and keep it valid
/// for the source's lifetime; see PacketSource).
struct RawPacket {
  Timestamp ts{};
  std::uint32_t link_type = link_type::kEthernet;
  std::uint32_t wire_length = 0;           // length on the wire (>= data.size())
  std::span<const std::uint8_t> data;      // the captured bytes
};

}  // namespace wirecheck::capture
