#pragma once
// One UDP flow being tracked: datagrams per direction with their boundaries
// and payloads (up to the cap), and Zeek's bookkeeping.

#include <array>
#include <cstdint>

#include "capture/analyzer.h"
#include "capture/conversation.h"
#include "capture/decoded_packet.h"
#include "capture/zeek_udp.h"

namespace wirecheck::capture {

class UdpConversation {
 public:
  UdpConversation(std::uint64_t id, const DecodedPacket& first, const AnalyzerOptions& options);
  bool FromOrig(const DecodedPacket& packet) const;
  Timestamp ExpiresAt() const { return zeek_.ExpiresAt(); }
  void Add(const DecodedPacket& packet);
  void ChecksumError(const DecodedPacket& packet) { zeek_.ChecksumError(FromOrig(packet)); }
  Conversation Finish();

 private:
  void AddSeen(Direction dir, const DecodedPacket& p);
  void Flip();

  const AnalyzerOptions& options_;
  Conversation conv_;
  ZeekUdp zeek_;
};

}  // namespace wirecheck::capture
