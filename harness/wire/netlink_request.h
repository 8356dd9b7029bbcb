#pragma once
// One rtnetlink request to the calling thread's network namespace: a
// header, a family-specific struct, attributes (nested ones too), sent and
// acknowledged. What `ip` would send, without running `ip`.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirecheck::wire {

class NetlinkRequest {
 public:
  /// A request that creates (NLM_F_CREATE | NLM_F_EXCL): an existing object is EEXIST.
  NetlinkRequest(std::uint16_t type, const void* body, std::size_t size);
  void Attribute(std::uint16_t type, const void* data, std::size_t size);
  /// Raw bytes at the end, aligned (the ifinfomsg of a veth's peer).
  void Append(const void* data, std::size_t size);
  /// Opens a nested attribute; the ones added until EndNest(its result) go inside.
  std::size_t BeginNest(std::uint16_t type);
  void EndNest(std::size_t at);
  /// Sends it and reads the kernel's answer. False with errno, the kernel's error.
  bool Send();
  /// Sends it as a plain request (no create flags, no ack) and returns the
  /// first message of the answer in *answer. False with errno.
  bool Query(std::vector<char>* answer);

 private:
  std::vector<char> bytes_;
};

}  // namespace wirecheck::wire
