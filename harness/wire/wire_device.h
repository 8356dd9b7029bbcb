#pragma once
// The two kinds of device a wire can join its hosts with: a TUN device per
// host (tun_device.h: needs /dev/net/tun) or a veth pair per host
// (veth_device.h: needs only the capabilities of a user namespace). The
// forwarder and the scheduler do the same with either; only how a side's
// packets are read and written differs (wire_port.h).

#include <cstdint>
#include <optional>
#include <string_view>

namespace wirecheck::wire {

enum class WireDevice : std::uint8_t { kTun, kVeth };

/// "tun" or "veth".
inline const char* WireDeviceName(WireDevice device) { return device == WireDevice::kTun ? "tun" : "veth"; }

/// "tun" or "veth"; nullopt for anything else.
inline std::optional<WireDevice> ParseWireDevice(std::string_view text) {
  if (text == "tun") return WireDevice::kTun;
  if (text == "veth") return WireDevice::kVeth;
  return std::nullopt;
}

}  // namespace wirecheck::wire
