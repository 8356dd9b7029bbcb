#pragma once
// Length-prefixed frames over a Unix stream socket, each optionally carrying
// one file descriptor (SCM_RIGHTS): the wire between wirecheck and the init
// process of a sandbox. Blocking or not as the socket is.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace wirecheck {

class FrameChannel {
 public:
  explicit FrameChannel(int fd) : fd_(fd) {}
  int fd() const { return fd_; }

  /// Sends one frame (and pass_fd with it when >= 0). False with *err when the
  /// other side is gone.
  bool Send(std::string_view body, int pass_fd, std::string* err);

  /// For a non-blocking socket: queues the frame and sends what the socket
  /// takes now; Flush() sends more when poll() says POLLOUT.
  void Queue(std::string_view body, int pass_fd);
  /// False with *err when the other side is gone.
  bool Flush(std::string* err);
  bool has_queued() const { return !outbox_.empty(); }

  /// Reads what the socket has (one recvmsg); false at end of file or error.
  /// Blocks when the socket is blocking and nothing is buffered.
  bool Receive(std::string* err);
  /// A complete frame, if one is buffered.
  std::optional<std::string> NextFrame();
  /// The oldest descriptor received and not yet taken; -1 when none, with
  /// *error_number saying why: EMFILE when the kernel dropped descriptors
  /// sent to us (MSG_CTRUNC: this process was at its open-file limit),
  /// EPROTO when none was sent.
  int TakeFd(int* error_number);

 private:
  int fd_;
  std::string buffer_;
  std::deque<int> fds_;
  std::size_t dropped_fds_ = 0;  // messages whose descriptors the kernel dropped
  struct Outgoing {
    std::string bytes;
    std::size_t sent = 0;
    int fd = -1;  // closed once sent
  };
  std::deque<Outgoing> outbox_;
};

/// Appends and reads the little-endian fields of a frame body.
class Encoder {
 public:
  Encoder& U32(std::uint32_t v);
  Encoder& U64(std::uint64_t v);
  Encoder& I64(std::int64_t v) { return U64(static_cast<std::uint64_t>(v)); }
  Encoder& Str(std::string_view v);
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : rest_(bytes) {}
  std::uint32_t U32();
  std::uint64_t U64();
  std::int64_t I64() { return static_cast<std::int64_t>(U64()); }
  std::string Str();
  /// False once any read ran past the end.
  bool ok() const { return ok_; }

 private:
  std::string_view rest_;
  bool ok_ = true;
};

}  // namespace wirecheck
