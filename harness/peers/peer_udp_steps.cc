// The UDP steps of ScriptedPeer: bind, sendto, reply, recvfrom.

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "harness/model/payload_text.h"
#include "harness/peers/peer_script.h"

namespace wirecheck {

namespace {

constexpr std::size_t kMaxDatagram = 65536;

std::array<char, kMaxDatagram>& DatagramBuffer() {
  static thread_local std::array<char, kMaxDatagram> buffer;
  return buffer;
}

std::string Bytes(std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

}  // namespace

ScriptedPeer::Progress ScriptedPeer::Bind() {
  const PeerAddress& address = plan_->addresses[next_];
  std::string err;
  const int fd = NewSocket(address.family(), SOCK_DGRAM, &err);
  if (fd < 0) return Error(err);
  Retire(&udp_);
  udp_ = fd;
  if (bind(fd, address.get(), address.length) != 0) {
    return Error("cannot bind " + FormatAddress(address) + ": " + std::strerror(errno));
  }
  current_.local = LocalOf(fd);
  current_.detail = "bound " + current_.local;
  return Progress::kDone;
}

ScriptedPeer::Progress ScriptedPeer::SendDatagram(PeerTime now, const PeerAddress& to) {
  if (udp_ < 0) {
    std::string err;
    udp_ = NewSocket(to.family(), SOCK_DGRAM, &err);
    if (udp_ < 0) return Error(err);
  }
  const std::string& bytes = step().bytes;
  current_.remote = FormatAddress(to);
  for (;;) {
    const ssize_t n = sendto(udp_, bytes.data(), bytes.size(), MSG_NOSIGNAL, to.get(), to.length);
    if (n >= 0) break;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return WaitFor(udp_, POLLOUT);
    if (errno == EINTR) continue;
    if (errno == ENOBUFS || errno == ENOMEM) return Error("cannot send a datagram: " + std::string(std::strerror(errno)));
    return Fail(errno == ECONNREFUSED ? StepFailure::kRefused : StepFailure::kSocketError,
                "sending to " + current_.remote + ": " + std::strerror(errno));
  }
  Log(now, TranscriptEntry::Kind::kSent, bytes);
  current_.bytes_sent = bytes.size();
  current_.local = LocalOf(udp_);
  last_destination_ = to;
  current_.detail = "sent a datagram of " + Bytes(bytes.size()) + " from " + current_.local + " to " + current_.remote;
  return Progress::kDone;
}

ScriptedPeer::Progress ScriptedPeer::RecvFrom(PeerTime now) {
  if (udp_ < 0) return Fail(StepFailure::kSocketError, "no datagram socket to receive on");
  const StepMatcher& matcher = plan_->matchers[next_];
  auto& buffer = DatagramBuffer();
  sockaddr_storage from{};
  socklen_t length = sizeof from;
  ssize_t n = -1;
  for (;;) {
    length = sizeof from;
    n = recvfrom(udp_, buffer.data(), buffer.size(), MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &length);
    if (n >= 0) break;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return WaitFor(udp_, POLLIN);
    if (errno == EINTR) continue;
    return Fail(errno == ECONNREFUSED ? StepFailure::kRefused : StepFailure::kSocketError,
                std::string("receiving: ") + std::strerror(errno));
  }
  const std::size_t size = static_cast<std::size_t>(n);
  const std::string_view datagram(buffer.data(), std::min(size, buffer.size()));
  Log(now, TranscriptEntry::Kind::kReceived, datagram);
  last_sender_ = MakePeerAddress(reinterpret_cast<sockaddr*>(&from), length);
  current_.bytes_received = size;
  current_.local = LocalOf(udp_);
  current_.remote = FormatAddress(last_sender_);
  std::string note;
  if (!last_destination_.empty() && !SameEndpoint(last_sender_, last_destination_)) {
    current_.from_other_endpoint = true;
    note = " (not from " + FormatAddress(last_destination_) + ", where the last datagram went)";
  }
  const MatchProgress p = matcher.Datagram(datagram);
  if (p.state != MatchProgress::State::kMatched) {
    current_.expected = matcher.match().text;
    current_.received = std::string(datagram);
    current_.mismatch_offset = p.offset;
    return Fail(StepFailure::kMismatch, "expected " + matcher.Describe() + ", received \"" + EscapeBytes(datagram) +
                                            "\" from " + current_.remote + note +
                                            (matcher.match().kind == StepMatch::Kind::kRegex
                                                 ? ": it does not match"
                                                 : ": they differ at offset " + std::to_string(p.offset)));
  }
  current_.detail = "received " + matcher.Describe() + " (" + Bytes(size) + ") from " + current_.remote + note;
  return Progress::kDone;
}

}  // namespace wirecheck
